// What scoring needs of the visible evidence joining each pair of entities, as counts:
// visible reports mentioning both, how many of them in one sentence, and the newest;
// visible stated relations; the visible candidate match with its visible verdict and the
// date of its newest report. No item is returned (hop_evidence lists them for the hops
// that are shown), so nothing here needs a label re-check.
// Parameters: $pairs (list of [key, key]), $tokens.
UNWIND $pairs AS pair
MATCH (a:Entity {key: pair[0]})
MATCH (b:Entity {key: pair[1]})
CALL (a, b) {
  OPTIONAL MATCH (a)<-[ma:MENTIONS]-(r:Report)-[mb:MENTIONS]->(b)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH r, any(s IN collect(ma.sentence = mb.sentence AND ma.sentence >= 0) WHERE s) AS same
  RETURN count(r) AS reports, sum(CASE WHEN r IS NOT NULL AND same THEN 1 ELSE 0 END) AS same_sentence,
         max(r.reported_at) AS newest
}
CALL (a, b) {
  RETURN COUNT {
    MATCH (a)-[x:RELATED]-(b)
    WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  } AS relations
}
CALL (a, b) {
  OPTIONAL MATCH (a)-[x:POSSIBLY_SAME]-(b)
  WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  OPTIONAL MATCH (j:Judgement {pair: startNode(x).key + '|' + endNode(x).key})
  WHERE j.vis IS NOT NULL AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH x, j
  ORDER BY x.score DESC, startNode(x).key
  LIMIT 1
  WITH x, j, COLLECT {
    MATCH (cr:Report) WHERE x IS NOT NULL AND cr.id IN x.reports
    RETURN cr.reported_at ORDER BY cr.reported_at DESC LIMIT 1
  } AS dates
  RETURN x.score AS candidate, j.verdict AS verdict, toString(dates[0]) AS candidate_newest
}
RETURN pair[0] AS a, pair[1] AS b, reports, same_sentence, toString(newest) AS newest, relations,
       candidate, verdict, candidate_newest
