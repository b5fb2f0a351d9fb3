// Takes the queue's write lock for the rest of the transaction: acceptances (which check
// the queue bound) and claims (which choose a job and its owner) run one at a time across
// every Nexus process. Parameters: none.
MERGE (q:JobQueue {name: 'ingest'})
SET q.locked_at = timestamp()
