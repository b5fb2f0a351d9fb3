// The people already in the graph who bear one of the batch's person names: the entity
// with the plain key and every one qualified after it (`person:ali hassan~...`), each
// with the birth years its mentions state (and the label of the report stating each), and
// one row per distinct label of its reports with how many reports carry it (for the label
// of a namesake candidate, as block_members, and for how well known it is to a reader).
// The cut-off is taken per name and label (one tally per label, mention_put), so that
// bearers a reader may not see never crowd out those it may (namesakes: what placement
// reads). No viewer filter: internal to ingest, which never shows these rows to a
// viewer.
// Parameters: $names: list of unqualified person keys; $limit: max bearers per name and
//             label.
UNWIND $names AS name
CALL (name) {
  MATCH (e:Entity)-[:TALLY]->(t:Tally)
  WHERE e.key STARTS WITH name AND (e.key = name OR substring(e.key, size(name), 1) = '~')
  WITH e, t ORDER BY e.key
  WITH t.vis AS vis, collect(e)[..$limit] AS bearers
  UNWIND bearers AS e
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
RETURN name, e.key AS key, born, labels
