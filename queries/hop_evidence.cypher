// The visible evidence joining each pair of entities: reports mentioning both (with the
// closest pair of mentions, whether they share a sentence, and a snippet of the text
// around them), relations stated in visible reports, and the visible candidate match with
// its visible judgement. Summary counts cover all visible evidence; the item lists are the
// strongest and newest $max_items.
// Parameters: $pairs (list of [key, key]), $tokens, $max_items.
UNWIND $pairs AS pair
MATCH (a:Entity {key: pair[0]})
MATCH (b:Entity {key: pair[1]})
// Co-mentions are found from the end fewer reports mention, as in hop_summary: a hop into
// an entity that thousands of reports name would otherwise walk all of them. The mentions
// of both ends are then read from each such report.
CALL (a, b) {
  WITH a, b,
       CASE WHEN COUNT { (a)<-[:MENTIONS]-() } <= COUNT { (b)<-[:MENTIONS]-() } THEN a ELSE b END AS fewer
  MATCH (fewer)<-[:MENTIONS]-(r:Report)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH DISTINCT a, b, r
  MATCH (a)<-[ma:MENTIONS]-(r)-[mb:MENTIONS]->(b)
  WITH r, ma, mb,
       ma.sentence = mb.sentence AND ma.sentence >= 0 AS same,
       CASE WHEN ma.start >= 0 AND mb.start >= 0 THEN abs(ma.start - mb.start) ELSE 1000000 END AS gap
  ORDER BY r.id, same DESC, gap, ma.start, mb.start
  WITH r, collect({a: ma, b: mb, same: same})[0] AS best
  ORDER BY best.same DESC, r.reported_at DESC, r.id
  WITH collect({r: r, best: best}) AS found,
       count(r) AS n, sum(CASE WHEN best.same THEN 1 ELSE 0 END) AS n_same,
       max(r.reported_at) AS newest
  // Only the items listed have their snippet cut: a pair that hundreds of reports share
  // would otherwise have every one of those texts read.
  CALL (found) {
    UNWIND found[..$max_items] AS item
    WITH item.r AS r, item.best AS best
    WITH r, best,
         CASE WHEN best.a.start >= 0 AND best.b.start >= 0
              THEN CASE WHEN best.a.start < best.b.start THEN best.a.start ELSE best.b.start END
              ELSE -1 END AS lo,
         CASE WHEN best.a.end > best.b.end THEN best.a.end ELSE best.b.end END AS hi
    RETURN collect({
             report: r.id, side: r.side, agency: r.agency, level: r.level, vis: r.vis,
             reported_at: toString(r.reported_at), same_sentence: best.same,
             surface_a: best.a.surface, surface_b: best.b.surface,
             snippet: CASE WHEN lo < 0 THEN r.title
                           ELSE substring(r.text, CASE WHEN lo > 80 THEN lo - 80 ELSE 0 END,
                                          CASE WHEN hi - lo > 240 THEN 400 ELSE hi - lo + 160 END) END
           }) AS comentions
  }
  RETURN comentions, n AS reports, n_same AS same_sentence, toString(newest) AS newest
}
CALL (a, b) {
  OPTIONAL MATCH (a)-[x:RELATED]-(b)
  WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH x ORDER BY x.kind, x.report, startNode(x).key
  RETURN collect(CASE WHEN x IS NULL THEN NULL ELSE {
           kind: x.kind, report: x.report, source: startNode(x).key, target: endNode(x).key,
           confidence: x.confidence, level: x.level, vis: x.vis} END)[..$max_items] AS relations,
         count(x) AS n_relations
}
CALL (a, b) {
  OPTIONAL MATCH (a)-[x:POSSIBLY_SAME]-(b)
  WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  OPTIONAL MATCH (j:Judgement {pair: startNode(x).key + '|' + endNode(x).key, vis: x.vis})
  WHERE j.vis IS NOT NULL AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH x, j
  ORDER BY x.score DESC, startNode(x).key
  LIMIT 1
  WITH x, j, COLLECT {
    MATCH (cr:Report) WHERE x IS NOT NULL AND cr.id IN x.reports
    RETURN cr.reported_at ORDER BY cr.reported_at DESC LIMIT 1
  } AS dates
  RETURN CASE WHEN x IS NULL THEN NULL ELSE {
           a: startNode(x).key, b: endNode(x).key, score: x.score, method: x.method,
           level: x.level, vis: x.vis, reports: x.reports, verdict: j.verdict,
           newest: toString(dates[0])} END AS candidate
}
RETURN pair[0] AS a, pair[1] AS b, comentions, reports, same_sentence, newest, relations,
       n_relations, candidate
