// Creates a webhook subscription of a principal, receiving the alerts of its viewer class.
// Parameters: $id, $principal, $class, $url, $rules, $areas, $min_score (null when not
// filtered), $secret, $at (ISO datetime).
CREATE (s:Subscription {
  id: $id, principal: $principal, viewer_class: $class, url: $url, rules: $rules,
  areas: $areas, min_score: $min_score, secret: $secret, active: true,
  created_at: datetime($at)
})
RETURN s {.id, .url, .rules, .areas, .min_score, .active, .disabled_reason,
          created_at: toString(s.created_at)} AS subscription
