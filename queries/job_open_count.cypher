// How many jobs are accepted and not finished (queued or running), for the queue bound.
// Run after job_queue_lock, in its transaction. No viewer filter: internal to the
// queue (a count). Parameters: none.
MATCH (j:Job)
WHERE j.state IN ['queued', 'running']
RETURN count(j) AS open
