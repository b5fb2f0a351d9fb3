// Content hashes of the reports already stored, to skip unchanged re-ingests.
// Parameters: $ids: list of report ids.
UNWIND $ids AS id
MATCH (r:Report {id: id})
RETURN r.id AS id, r.sha256 AS sha256
