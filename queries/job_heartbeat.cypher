// Extends a worker's lease on its job; no row when the job is no longer the worker's.
// Parameters: $job (string), $worker (string), $lease_ms (int).
MATCH (j:Job {id: $job})
WHERE j.owner = $worker AND j.state = 'running'
SET j.lease_until = timestamp() + $lease_ms
RETURN j.id AS id
