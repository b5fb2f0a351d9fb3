// Takes the job's write lock for the rest of the transaction, so that the owner and
// progress job_advance then reads cannot change before the transaction commits.
// Parameters: $job (string).
MATCH (j:Job {id: $job})
SET j.locked_at = timestamp()
