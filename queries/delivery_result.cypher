// Records what became of an attempt: `delivered`, `dead` (a dead letter), or `pending`
// again at $next_at; with $disable, the subscription is switched off (the receiver
// answered 410 Gone) and its other pending deliveries are dropped with it.
// Parameters: $id, $state, $attempts, $status (HTTP status or null), $error, $next_at,
// $at, $disable (bool), $reason.
MATCH (d:Delivery {id: $id})
SET d.state = $state, d.attempts = $attempts, d.last_status = $status, d.last_error = $error,
    d.next_at = datetime($next_at), d.updated_at = datetime($at), d.lease = null
WITH d
OPTIONAL MATCH (s:Subscription {id: d.subscription})
WHERE $disable
SET s.active = false, s.disabled_reason = $reason
WITH d, s
OPTIONAL MATCH (other:Delivery {subscription: s.id, state: 'pending'})
SET other.state = 'dropped'
RETURN d.state AS state
