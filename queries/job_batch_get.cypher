// The pending records of one batch of a job (none once the batch is written).
// No viewer filter: internal to the ingest worker that owns the job.
// Parameters: $job (string), $seq (int).
MATCH (b:JobBatch {key: $job + '/' + toString($seq)})
RETURN b.records AS records
