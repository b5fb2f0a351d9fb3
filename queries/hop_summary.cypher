// What scoring needs of the visible evidence joining each pair of entities, as counts:
// visible reports mentioning both, how many of them in one sentence, and the newest;
// visible stated relations; the visible candidate match with its visible verdict and the
// date of its newest report. No item is returned (hop_evidence lists them for the hops
// that are shown), so nothing here needs a label re-check.
// Parameters: $pairs (list of [key, key]), $tokens.
UNWIND $pairs AS pair
MATCH (a:Entity {key: pair[0]})
MATCH (b:Entity {key: pair[1]})
// Co-mentions are read from the end fewer reports mention (a start that hundreds of
// reports name is paired with every entity of its routes).
CALL (a, b) {
  WITH a, b, COUNT { (a)<-[:MENTIONS]-() } <= COUNT { (b)<-[:MENTIONS]-() } AS from_a
  WITH CASE WHEN from_a THEN a ELSE b END AS lo, CASE WHEN from_a THEN b ELSE a END AS hi
  MATCH (lo)<-[ml:MENTIONS]-(r:Report)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH hi, r, collect(ml.sentence) AS lo_sentences
  MATCH (r)-[mh:MENTIONS]->(hi)
  WITH r, lo_sentences, collect(mh.sentence) AS hi_sentences
  WITH r, any(s IN hi_sentences WHERE s >= 0 AND s IN lo_sentences) AS same
  RETURN count(r) AS reports, sum(CASE WHEN same THEN 1 ELSE 0 END) AS same_sentence,
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
  OPTIONAL MATCH (j:Judgement {pair: startNode(x).key + '|' + endNode(x).key, vis: x.vis})
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
