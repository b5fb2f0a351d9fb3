// Content hashes of the reports already stored, to skip unchanged re-ingests. A report is
// its id and label (report_put). No viewer filter: internal to ingest.
// Parameters: $reports: list of {id, vis}.
UNWIND $reports AS row
MATCH (r:Report {id: row.id, vis: row.vis})
RETURN r.id AS id, r.vis AS vis, r.sha256 AS sha256
