// Node counts by kind among entities the viewer may see, for the ingest benchmark.
// Parameters: $tokens.
MATCH (r:Report)-[:MENTIONS]->(e:Entity)
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(t IN split(c, '|') WHERE t IN $tokens))
WITH DISTINCT e
RETURN e.kind AS kind, count(*) AS entities
ORDER BY kind
LIMIT 100
