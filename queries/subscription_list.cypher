// The subscriptions a principal made, newest first (a subscription is its owner's alone;
// it carries no data of its own, only where the owner's alerts go).
// No viewer filter: a principal's own subscriptions.
// Parameters: $principal, $limit.
MATCH (s:Subscription {principal: $principal})
WITH s ORDER BY s.created_at DESC, s.id
LIMIT $limit
RETURN s {.id, .url, .rules, .areas, .min_score, .active, .disabled_reason,
          created_at: toString(s.created_at)} AS subscription
