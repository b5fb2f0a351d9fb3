// Records that batch $seq of the job is written, in the transaction that writes it: the
// counts move on, the batch's pending records go, and the job is done after its last
// batch. No row (and nothing changed) unless the worker still owns the job and $seq is
// the next batch, so a batch commits at most once. Run after job_lock.
// Parameters: $job, $worker (strings); $seq, $ingested, $unchanged, $lease_ms (ints);
//             $now (datetime).
MATCH (j:Job {id: $job})
WHERE j.owner = $worker AND j.state = 'running' AND j.next_batch = $seq
SET j.next_batch = $seq + 1, j.ingested = j.ingested + $ingested,
    j.unchanged = j.unchanged + $unchanged, j.processed = j.processed + $ingested + $unchanged,
    j.lease_until = timestamp() + $lease_ms
WITH j
CALL (j) {
  MATCH (b:JobBatch {key: j.id + '/' + toString($seq)})
  DELETE b
}
CALL (j) {
  // $seq, not j.next_batch: a property this query just set may be read as cached before the SET.
  WITH j WHERE $seq + 1 >= j.batches
  SET j.state = 'done', j.finished = $now, j.owner = null, j.lease_until = null
}
RETURN j.id AS id
