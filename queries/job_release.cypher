// Gives a job back to the queue when its worker stops before finishing it (a clean
// shutdown), so that another worker resumes it at once instead of after the lease.
// Nothing unless the worker still owns it. Parameters: $job, $worker (strings).
MATCH (j:Job {id: $job})
WHERE j.owner = $worker AND j.state = 'running'
SET j.state = 'queued', j.owner = null, j.lease_until = null
RETURN j.id AS id
