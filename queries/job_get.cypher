// One job's record (not its pending records). No viewer filter: the caller shows a job
// to its submitter and auditors only. Parameters: $id (string).
MATCH (j:Job {id: $id})
RETURN j {.id, .principal, .state, .total, .processed, .ingested, .unchanged, .rejected,
          .errors, .failure, .created, .started, .finished, .batches, .next_batch, .claims,
          .batch_size, .owner, .writer} AS job
