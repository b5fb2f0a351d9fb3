// The stated relations among the given entities that the viewer may see, with their
// direction and label, for a STIX export: one row per relation and supporting report.
// Parameters: $keys (entity keys), $tokens, $limit.
UNWIND $keys AS key
MATCH (a:Entity {key: key})-[x:RELATED]->(b:Entity)
WHERE b.key IN $keys
  AND x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN a.key AS source, b.key AS target, x.kind AS kind, x.report AS report, x.vis AS vis
ORDER BY source, target, kind, report
LIMIT $limit
