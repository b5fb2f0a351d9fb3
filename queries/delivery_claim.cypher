// Claims due deliveries for $lease_s seconds, oldest first, with what sending them needs.
// The lock is taken (SET _lock) before the claim is re-read, so two API processes never
// both claim one delivery; a claim whose process died is claimed again when it runs out.
// Parameters: $now (ISO datetime), $lease_s, $limit.
MATCH (d:Delivery)
WHERE d.state = 'pending' AND d.next_at <= datetime($now)
  AND (d.lease IS NULL OR d.lease < datetime($now))
WITH d ORDER BY d.next_at, d.seq
LIMIT $limit
SET d._lock = true
WITH d
WHERE d.state = 'pending' AND (d.lease IS NULL OR d.lease < datetime($now))
SET d.lease = datetime($now) + duration({seconds: $lease_s})
REMOVE d._lock
WITH d
MATCH (s:Subscription {id: d.subscription})
RETURN d.id AS id, d.payload AS payload, d.attempts AS attempts, s.id AS subscription,
       s.url AS url, s.active AS active, s.secret AS secret, s.previous_secret AS previous_secret,
       toString(s.previous_until) AS previous_until
