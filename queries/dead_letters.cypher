// The dead letters of a principal's subscription, newest first.
// No viewer filter: a principal's own deliveries, of its own viewer class's alerts.
// Parameters: $id, $principal, $limit.
MATCH (s:Subscription {id: $id, principal: $principal})
MATCH (d:Delivery {subscription: s.id, state: 'dead'})
WITH d ORDER BY d.created_at DESC, d.id
LIMIT $limit
RETURN d {.id, .alert, .state, .attempts, .last_status, .last_error,
          created_at: toString(d.created_at)} AS delivery
