// Creates the entities a batch mentions (one node per resolution key) with their kind label,
// and links each to its blocking keys for incremental candidate search.
// Parameters: $entities: list of {key, kind, sector, blocks: [string]}.
UNWIND $entities AS row
MERGE (e:Entity {key: row.key})
ON CREATE SET e.kind = row.kind, e.sector = row.sector
SET e:$(row.kind)
WITH e, row
UNWIND row.blocks AS block
MERGE (b:Block {key: block})
MERGE (e)-[:IN_BLOCK]->(b)
