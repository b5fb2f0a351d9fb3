// Puts the dead letters of a principal's active subscription back in the outbox, their
// ids (the receiver's idempotency keys) unchanged.
// Parameters: $id, $principal, $now, $limit.
MATCH (s:Subscription {id: $id, principal: $principal})
WHERE s.active
MATCH (d:Delivery {subscription: s.id, state: 'dead'})
WITH d LIMIT $limit
SET d.state = 'pending', d.attempts = 0, d.next_at = datetime($now), d.lease = null
RETURN count(d) AS replayed
