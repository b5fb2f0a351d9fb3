// Records an analyst's verdict on a visible candidate (either direction of the pair), as
// a Judgement keyed by the candidate's own direction so that ingest's candidate_put
// recognises the pair. The judgement carries the candidate's label: whoever may see the
// candidate may see how it was judged. An existing judgement the analyst may not see is
// never overwritten (no row comes back).
// Parameters: $a, $b (entity keys), $verdict ('confirmed' | 'rejected'), $by (principal
// id), $at (ISO datetime), $note (string or null), $tokens.
MATCH (a:Entity {key: $a})-[x:POSSIBLY_SAME]-(b:Entity {key: $b})
WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH x ORDER BY x.score DESC LIMIT 1
WITH x, startNode(x).key + '|' + endNode(x).key AS pair
OPTIONAL MATCH (old:Judgement {pair: pair})
WITH x, pair, old
WHERE old IS NULL
   OR (old.vis IS NOT NULL AND all(c IN old.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens)))
MERGE (j:Judgement {pair: pair})
SET j.a = startNode(x).key, j.b = endNode(x).key, j.verdict = $verdict, j.by = $by,
    j.at = datetime($at), j.note = $note, j.level = x.level, j.vis = x.vis
RETURN j.a AS a, j.b AS b, j.verdict AS verdict, j.by AS by, toString(j.at) AS at,
       j.note AS note, j.level AS level, j.vis AS vis, x.score AS score, x.method AS method
