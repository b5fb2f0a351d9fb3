// Every entity's blocking keys (no report content). No viewer filter, not run by the
// product: the tests of migrations that write them read it. Parameters: $limit.
MATCH (e:Entity)-[:IN_BLOCK]->(b:Block)
RETURN e.key AS key, b.key AS block
ORDER BY key, block
LIMIT $limit
