// The lines at the top and foot of each report of the batch (ingest.boilerplate.edge_lines),
// kept so that a header or footer its source repeats is known as boilerplate in later
// batches (line_counts). A replaced report lost its old lines in report_put.
// Parameters: $lines: list of {id, vis, keys}: a report's id and label, and its line keys.
UNWIND $lines AS row
MATCH (r:Report {id: row.id, vis: row.vis})
UNWIND row.keys AS key
MERGE (l:Line {key: key})
MERGE (r)-[:CARRIES]->(l)
