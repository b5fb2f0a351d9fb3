// Creates a job and its pending records in one go: the job, then one JobBatch per write
// batch holding the records (JSON, as read and validated). A job with no batch to write
// (every record rejected, or none) is done at once.
// `writer` holds the submitting principal's tokens (null: the operator), with which the
// worker writes: a report replaces only the stored versions its submitter may read.
// Parameters: $job: {id, principal, writer: [string] or null, total, rejected,
//             errors: [JSON string], batch_size, batches, created (datetime)}; $batches: list of {seq, records: [JSON string]}.
CREATE (j:Job {
  id: $job.id, principal: $job.principal, writer: $job.writer, total: $job.total, batch_size: $job.batch_size,
  batches: $job.batches, next_batch: 0, processed: $job.rejected, ingested: 0, unchanged: 0,
  rejected: $job.rejected, errors: $job.errors, failure: null, claims: 0,
  created: $job.created, started: null,
  state: CASE WHEN $job.batches = 0 THEN 'done' ELSE 'queued' END,
  finished: CASE WHEN $job.batches = 0 THEN $job.created END
})
WITH j
CALL (j) {
  UNWIND $batches AS row
  CREATE (:JobBatch {key: j.id + '/' + toString(row.seq), job: j.id, seq: row.seq,
                     records: row.records})
}
RETURN j.id AS id
