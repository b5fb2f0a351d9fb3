// The visible links among a set of entities, one row per linked pair (a < b): how many
// visible reports mention both and how many in one sentence, the newest of them, the
// kinds of visible stated relations, and the visible, not rejected candidate match.
// Filters as in neighbourhood_step ($relations keeps only stated relations of those
// kinds; a window keeps only evidence dated inside it). `labels` are the labels of the
// evidence returned, for the caller's re-check. Co-mentions are found report by report
// (each report mentioning two members is read once), never by expanding every member's
// neighbours.
// Parameters: $keys, $tokens, $relations, $since, $until, $max_reports (ids kept per pair),
// $limit.
CALL () {
  MATCH (e:Entity)<-[m:MENTIONS]-(r:Report)
  WHERE $relations IS NULL AND e.key IN $keys
    AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND ($since IS NULL OR r.reported_at >= datetime($since))
    AND ($until IS NULL OR r.reported_at < datetime($until))
  WITH r, e, collect(m.sentence) AS sentences
  WITH r, collect({e: e, s: sentences}) AS members
  WHERE size(members) > 1
  UNWIND members AS x
  UNWIND members AS y
  WITH r, x, y
  WHERE x.e.key < y.e.key
  WITH x.e AS a, y.e AS b, r, any(s IN x.s WHERE s >= 0 AND s IN y.s) AS same
  ORDER BY r.reported_at DESC, r.id
  RETURN a, b, count(r) AS reports, sum(CASE WHEN same THEN 1 ELSE 0 END) AS same_sentence,
         max(r.reported_at) AS newest, collect(r.id)[..$max_reports] AS report_ids,
         collect(r.vis)[..$max_reports] AS labels, [] AS relations, NULL AS candidate
  UNION
  MATCH (a:Entity)-[rel:RELATED]-(b:Entity)
  WHERE a.key IN $keys AND b.key IN $keys AND a.key < b.key
    AND ($relations IS NULL OR rel.kind IN $relations)
    AND rel.vis IS NOT NULL
    AND all(c IN rel.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  MATCH (r:Report {id: rel.report})
  WHERE r.vis = rel.vis AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND ($since IS NULL OR r.reported_at >= datetime($since))
    AND ($until IS NULL OR r.reported_at < datetime($until))
  WITH a, b, rel, r ORDER BY rel.kind, r.id
  RETURN a, b, 0 AS reports, 0 AS same_sentence, max(r.reported_at) AS newest,
         collect(DISTINCT r.id)[..$max_reports] AS report_ids,
         collect(rel.vis)[..$max_reports] AS labels, collect(DISTINCT rel.kind) AS relations,
         NULL AS candidate
  UNION
  MATCH (a:Entity)-[cand:POSSIBLY_SAME]-(b:Entity)
  WHERE $relations IS NULL AND a.key IN $keys AND b.key IN $keys AND a.key < b.key
    AND cand.vis IS NOT NULL
    AND all(c IN cand.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  OPTIONAL MATCH (j:Judgement {pair: startNode(cand).key + '|' + endNode(cand).key, vis: cand.vis})
  WHERE j.vis IS NOT NULL AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH a, b, cand, j
  WHERE j IS NULL OR j.verdict <> 'rejected'
  RETURN a, b, 0 AS reports, 0 AS same_sentence, NULL AS newest, [] AS report_ids,
         [cand.vis] AS labels, [] AS relations,
         {score: cand.score, method: cand.method, verdict: j.verdict, vis: cand.vis} AS candidate
}
WITH a, b, sum(reports) AS reports, sum(same_sentence) AS same_sentence, max(newest) AS newest,
     reduce(acc = [], ids IN collect(report_ids) | acc + [i IN ids WHERE NOT i IN acc]) AS report_ids,
     reduce(acc = [], ls IN collect(labels) | acc + ls) AS labels,
     reduce(acc = [], ks IN collect(relations) | acc + [k IN ks WHERE NOT k IN acc]) AS relations,
     head(collect(candidate)) AS candidate
ORDER BY a.key, b.key
LIMIT $limit
RETURN a.key AS a, b.key AS b, reports, same_sentence, toString(newest) AS newest,
       report_ids[..$max_reports] AS report_ids, labels, relations, candidate
