// Gives a principal's subscription a new secret; the old one keeps signing beside it until
// $until, so receivers can switch over without dropping a delivery.
// Parameters: $id, $principal, $secret, $until (ISO datetime).
MATCH (s:Subscription {id: $id, principal: $principal})
SET s.previous_secret = s.secret, s.previous_until = datetime($until), s.secret = $secret
RETURN s {.id, .url, .rules, .areas, .min_score, .active, .disabled_reason,
          created_at: toString(s.created_at)} AS subscription
