// Entities already sharing a blocking key with the new ones: the only candidates compared
// (incremental resolution never scans all entities). No viewer filter: internal to
// ingest, which never shows these rows to a viewer. A member comes once per distinct
// label of its reports (one tally each, mention_put), so that a candidate is recorded
// once per label it could be seen under. The cut-off is taken per block and label, the
// first $limit members by key: whether a member is compared under a label depends only on
// what that label's readers may see, so hidden entities never crowd visible ones out.
// Parameters: $blocks: list of block keys; $limit: max members per block and label.
UNWIND $blocks AS block
CALL (block) {
  MATCH (:Block {key: block})<-[:IN_BLOCK]-(e:Entity)-[:TALLY]->(t:Tally)
  WITH e, t ORDER BY e.key
  WITH t.vis AS vis, collect({e: e, report: t.ids[0]})[..$limit] AS members
  UNWIND members AS m
  RETURN m.e AS e, m.report AS report, vis
}
RETURN block, e.key AS key, e.kind AS kind, report, vis,
       head(COLLECT { MATCH (r:Report {id: report, vis: vis}) RETURN r.level }) AS level
