// Every stated relation with its provenance. No viewer filter, not run by the product:
// the tests of partners' relationships read it. Parameters: $limit.
MATCH (a:Entity)-[x:RELATED]->(b:Entity)
RETURN a.key AS source, x.kind AS kind, b.key AS target, x.report AS report, x.vis AS vis
ORDER BY source, kind, target, report
LIMIT $limit
