// How many stored reports of each label carry each of the given lines at their top or
// foot (ingest.boilerplate.edge_lines, line_put), the reports of $exclude left out (those
// being written again, which count as themselves): a line enough reports of one agency
// carry is boilerplate. At most $limit reports are read per line; a few are all the rule
// needs. No viewer filter: internal to ingest, which sums only the labels the new
// report's readers may see and never shows these rows to a viewer.
// Parameters: $keys: list of line keys; $exclude: list of report ids; $limit.
UNWIND $keys AS key
MATCH (l:Line {key: key})
CALL (l) {
  MATCH (l)<-[:CARRIES]-(r:Report)
  WHERE NOT r.id IN $exclude
  WITH r LIMIT $limit
  RETURN r.vis AS vis, count(r) AS reports
}
RETURN key, vis, reports
