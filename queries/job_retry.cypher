// Queues a failed job again; it resumes at its next unwritten batch. No row unless the job
// exists and failed. Parameters: $job (string).
MATCH (j:Job {id: $job})
WHERE j.state = 'failed'
SET j.state = 'queued', j.failure = null, j.finished = null
RETURN j.id AS id
