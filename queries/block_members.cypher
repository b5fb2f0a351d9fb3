// Entities already sharing a blocking key with the new ones: the only candidates compared
// (incremental resolution never scans all entities). Internal to ingest: callers never
// show these rows to a viewer. Each member comes once per distinct label of its supporting
// reports, so that a candidate is recorded once per label it could be seen under and
// whether a viewer sees one never depends on reports that viewer cannot see.
// Parameters: $blocks: list of block keys; $limit: max members per block.
UNWIND $blocks AS block
CALL (block) {
  MATCH (:Block {key: block})<-[:IN_BLOCK]-(e:Entity)
  RETURN e
  LIMIT $limit
}
CALL (e) {
  MATCH (r:Report)-[:MENTIONS]->(e)
  WITH r.vis AS vis, r.level AS level, min(r.id) AS report
  RETURN vis, level, report
  ORDER BY report
  LIMIT 20
}
RETURN block, e.key AS key, e.kind AS kind, report, vis, level
