// Every mention visible to the viewer with the key it resolved to: the quality benchmark
// compares these with the scenario's ground truth, as do the ingest tests. Not run by
// the product. Parameters: $tokens, $limit.
MATCH (r:Report)-[m:MENTIONS]->(e:Entity)
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(t IN split(c, '|') WHERE t IN $tokens))
RETURN r.id AS report, m.surface AS surface, e.kind AS kind, e.key AS key
LIMIT $limit
