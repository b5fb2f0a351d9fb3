// Jobs newest first, of one principal (or of every principal when $principal is null), in
// one state (or any when $state is null): the page after the cursor position (the last
// job of the previous page, $before_created and $before_id; nulls for the first page) of
// at most $limit jobs, and the total of the list. Errors are left to job_get. No viewer
// filter: a principal's own jobs (every principal's for auditors).
// Parameters: $principal, $state, $before_id (string or null); $before_created (datetime
//             or null); $limit (int).
CALL () {
  MATCH (j:Job)
  WHERE ($principal IS NULL OR j.principal = $principal) AND ($state IS NULL OR j.state = $state)
  RETURN count(j) AS total
}
CALL () {
  MATCH (j:Job)
  WHERE ($principal IS NULL OR j.principal = $principal) AND ($state IS NULL OR j.state = $state)
    AND ($before_created IS NULL OR j.created < $before_created
         OR (j.created = $before_created AND j.id < $before_id))
  WITH j ORDER BY j.created DESC, j.id DESC LIMIT $limit
  RETURN collect(j {.id, .principal, .state, .total, .processed, .ingested, .unchanged,
                    .rejected, .failure, .created, .started, .finished, .batches,
                    .next_batch, .claims, .batch_size, .owner, .writer}) AS page
}
RETURN total, page
