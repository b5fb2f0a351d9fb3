// Gives the oldest claimable job to a worker: a queued one, or a running one whose
// owner's lease ran out (the owner died or lost Neo4j). Time is Neo4j's clock, the one
// every worker shares. Run after job_queue_lock, in its transaction.
// Parameters: $worker (string), $lease_ms (int), $now (datetime).
MATCH (j:Job)
WHERE j.state = 'queued' OR (j.state = 'running' AND j.lease_until < timestamp())
WITH j ORDER BY j.created, j.id LIMIT 1
SET j.state = 'running', j.owner = $worker, j.lease_until = timestamp() + $lease_ms,
    j.claims = j.claims + 1, j.started = coalesce(j.started, $now)
RETURN j.id AS id
