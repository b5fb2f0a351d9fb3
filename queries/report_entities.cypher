// The entities a visible report mentions, for a nexus search started from that report.
// No row when the report is missing or hidden.
// Parameters: $id (report id), $tokens, $limit.
MATCH (r:Report {id: $id})
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
CALL (r) {
  MATCH (r)-[:MENTIONS]->(e:Entity)
  WITH DISTINCT e
  ORDER BY e.key
  LIMIT $limit
  RETURN collect(e.key) AS keys
}
RETURN r.id AS id, r.side AS side, r.vis AS vis, keys
