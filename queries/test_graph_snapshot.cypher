// The whole graph as comparable values, for the tests that check a run against a clean
// one: reports, entities (key and labels), mentions, tallies, co-mentions, relations and
// candidates; each list is cut at $limit. No viewer filter, not run by the product.
// Parameters: $limit (int).
CALL () {
  MATCH (r:Report)
  WITH r ORDER BY r.id LIMIT $limit
  RETURN collect([r.id, r.sha256]) AS reports
}
CALL () {
  MATCH (e:Entity)
  WITH e ORDER BY e.key LIMIT $limit
  RETURN collect([e.key, labels(e)]) AS entities
}
CALL () {
  MATCH (r:Report)-[m:MENTIONS]->(e:Entity)
  WITH r, m, e ORDER BY r.id, m.start, e.key LIMIT $limit
  RETURN collect([r.id, e.key, m.start, m.end, m.surface]) AS mentions
}
CALL () {
  MATCH (e:Entity)-[:TALLY]->(t:Tally)
  WITH e, t ORDER BY e.key, t.vis LIMIT $limit
  RETURN collect([e.key, t.vis, t.reports, t.le, t.intel, t.ids, t.names, t.counts]) AS tallies
}
CALL () {
  MATCH (a:Entity)-[c:CO_MENTION]->(b:Entity)
  WITH a, c, b ORDER BY a.key, b.key, c.vis LIMIT $limit
  RETURN collect([a.key, b.key, c.vis]) AS co_mentions
}
CALL () {
  MATCH (a:Entity)-[x:RELATED]->(b:Entity)
  WITH a, x, b ORDER BY a.key, b.key, x.kind, x.report LIMIT $limit
  RETURN collect([a.key, b.key, x.kind, x.report]) AS related
}
CALL () {
  MATCH (a:Entity)-[c:POSSIBLY_SAME]->(b:Entity)
  WITH a, c, b ORDER BY a.key, b.key, c.vis LIMIT $limit
  RETURN collect([a.key, b.key, c.vis, c.method]) AS candidates
}
RETURN reports, entities, mentions, tallies, co_mentions, related, candidates
