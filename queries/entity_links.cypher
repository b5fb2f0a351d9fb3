// The entities linked to one entity by visible evidence, strongest kind of evidence first:
// a confirmed same-entity judgement, a stated relation, a same-sentence co-mention, a
// same-report co-mention, an open candidate match. Rejected candidates are not links.
// Parameters: $key, $tokens, $limit.
MATCH (e:Entity {key: $key})
CALL (e) {
  MATCH (e)<-[me:MENTIONS]-(r:Report)-[mo:MENTIONS]->(o:Entity)
  WHERE o <> e
    AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH o, r, any(x IN collect(me.sentence = mo.sentence AND me.sentence >= 0) WHERE x) AS same
  RETURN o, count(r) AS reports, sum(CASE WHEN same THEN 1 ELSE 0 END) AS same_sentence,
         max(r.reported_at) AS newest, [] AS relations, NULL AS candidate
  UNION
  MATCH (e)-[x:RELATED]-(o:Entity)
  WHERE o <> e
    AND x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH o, x ORDER BY x.kind
  RETURN o, 0 AS reports, 0 AS same_sentence, NULL AS newest,
         collect(DISTINCT x.kind) AS relations, NULL AS candidate
  UNION
  MATCH (e)-[x:POSSIBLY_SAME]-(o:Entity)
  WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  OPTIONAL MATCH (j:Judgement {pair: startNode(x).key + '|' + endNode(x).key, vis: x.vis})
  WHERE j.vis IS NOT NULL AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH o, x, j
  WHERE j IS NULL OR j.verdict <> 'rejected'
  RETURN o, 0 AS reports, 0 AS same_sentence, NULL AS newest, [] AS relations,
         {score: x.score, method: x.method, verdict: j.verdict, vis: x.vis} AS candidate
}
WITH o, sum(reports) AS reports, sum(same_sentence) AS same_sentence, max(newest) AS newest,
     reduce(acc = [], ks IN collect(relations) | acc + [k IN ks WHERE NOT k IN acc]) AS relations,
     head(collect(candidate)) AS candidate
WITH o, reports, same_sentence, newest, relations, candidate,
     CASE WHEN candidate IS NOT NULL AND candidate.verdict = 'confirmed' THEN 5
          WHEN size(relations) > 0 THEN 4
          WHEN same_sentence > 0 THEN 3
          WHEN reports > 0 THEN 2
          ELSE 1 END AS rank
ORDER BY rank DESC, reports DESC, o.key
LIMIT $limit
RETURN o.key AS key, o.kind AS kind, reports, same_sentence, toString(newest) AS newest,
       relations, candidate
