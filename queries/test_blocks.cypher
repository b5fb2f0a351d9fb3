// Every entity's blocking keys, for the tests of migrations that write them. Not
// viewer-facing (no report content; admin/test use only). Parameters: $limit.
MATCH (e:Entity)-[:IN_BLOCK]->(b:Block)
RETURN e.key AS key, b.key AS block
ORDER BY key, block
LIMIT $limit
