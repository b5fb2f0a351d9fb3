// Resolution candidates the viewer may see, optionally of one entity and of one status
// (open, confirmed, rejected: the verdict of the visible judgement of the pair), highest
// score first; one page and the total.
// Parameters: $entity (entity key or null), $status (string or null), $tokens, $skip,
// $limit.
CALL () {
  MATCH (e:Entity {key: $entity})-[x:POSSIBLY_SAME]-()
  WHERE $entity IS NOT NULL
  RETURN x
  UNION
  MATCH ()-[x:POSSIBLY_SAME]->()
  WHERE $entity IS NULL
  RETURN x
}
WITH x, startNode(x) AS a, endNode(x) AS b
WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
OPTIONAL MATCH (j:Judgement {pair: a.key + '|' + b.key, vis: x.vis})
WHERE j.vis IS NOT NULL AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH x, a, b, j, coalesce(j.verdict, 'open') AS status
WHERE $status IS NULL OR status = $status
ORDER BY x.score DESC, a.key, b.key
WITH collect({a: a.key, b: b.key, score: x.score, method: x.method, level: x.level,
              vis: x.vis, reports: x.reports, status: status, by: j.by,
              at: toString(j.at), note: j.note}) AS rows
RETURN size(rows) AS total, rows[$skip..($skip + $limit)] AS page
