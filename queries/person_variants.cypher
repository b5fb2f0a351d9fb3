// People in the batch's person blocks, for spelling variants of a name: each with the
// birth years its mentions state and the label of the report stating each one, and the
// distinct labels of its reports with how many reports carry each (as person_namesakes).
// The cut-off is taken per block and label, as block_members', so that a hidden person
// never crowds a visible one out. No viewer filter: internal to ingest (like
// block_members).
// Parameters: $blocks: list of block keys; $limit: max members per block and label.
UNWIND $blocks AS block
CALL (block) {
  MATCH (:Block {key: block})<-[:IN_BLOCK]-(e:Person)-[:TALLY]->(t:Tally)
  WHERE NOT e.key CONTAINS '@'
  WITH e, t ORDER BY e.key
  WITH t.vis AS vis, collect(e)[..$limit] AS members
  UNWIND members AS e
  RETURN DISTINCT e
}
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WHERE m.born IS NOT NULL
  RETURN collect(DISTINCT {year: m.born, vis: r.vis}) AS born
}
CALL (e) {
  MATCH (r:Report)-[:MENTIONS]->(e)
  WITH r.vis AS vis, r.level AS level, min(r.id) AS report, count(DISTINCT r) AS reports
  ORDER BY report
  LIMIT 20
  RETURN collect({vis: vis, level: level, report: report, reports: reports}) AS labels
}
RETURN block, e.key AS key, born, labels
