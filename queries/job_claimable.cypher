// Whether some job waits for a worker (queued, or running on a lease that ran out): an idle
// worker builds its pipeline only once there is work. No viewer filter: internal to the
// ingest workers (no content). Parameters: none.
MATCH (j:Job)
WHERE j.state = 'queued' OR (j.state = 'running' AND j.lease_until < timestamp())
RETURN count(j) > 0 AS claimable
