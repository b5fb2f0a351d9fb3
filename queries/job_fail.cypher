// A job its worker could not finish: failed, with the reason, its pending batches kept for
// a retry (job_retry). Nothing unless the worker still owns it.
// Parameters: $job, $worker, $reason (strings); $now (datetime).
MATCH (j:Job {id: $job})
WHERE j.owner = $worker AND j.state = 'running'
SET j.state = 'failed', j.failure = $reason, j.finished = $now, j.owner = null,
    j.lease_until = null
RETURN j.id AS id
