// Every stated relation with its provenance, for the tests of partners' relationships. Not
// viewer-facing (admin/test use only). Parameters: $limit.
MATCH (a:Entity)-[x:RELATED]->(b:Entity)
RETURN a.key AS source, x.kind AS kind, b.key AS target, x.report AS report, x.vis AS vis
ORDER BY source, kind, target, report
LIMIT $limit
