// Entities already sharing a blocking key with the new ones: the only candidates compared
// (incremental resolution never scans all entities). Internal to ingest: callers never
// show these rows to a viewer. Each member comes with the label of its least restricted
// supporting report, which becomes part of the candidate's label.
// Parameters: $blocks: list of block keys; $limit: max members per block.
UNWIND $blocks AS block
MATCH (b:Block {key: block})<-[:IN_BLOCK]-(e:Entity)
WITH block, e LIMIT $limit
CALL (e) {
  MATCH (r:Report)-[:MENTIONS]->(e)
  RETURN r.id AS report, r.vis AS vis, r.level AS level
  ORDER BY r.level, size(r.vis)
  LIMIT 1
}
RETURN block, e.key AS key, e.kind AS kind, report, vis, level
