// Records an analyst's verdict on the candidates of a pair (either direction) that the
// analyst may see: one Judgement per candidate, keyed by the candidate's direction and
// label, so that ingest recognises the pair under that label (ingest.writer). A judgement
// carries its candidate's label: whoever may see the candidate may see how it was judged,
// and a judgement under a label the analyst may not see is neither read nor touched.
// Every visible candidate of the pair is judged, so no label is chosen by score ties.
// Parameters: $a, $b (entity keys), $verdict ('confirmed' | 'rejected'), $by (principal
// id), $at (ISO datetime), $note (string or null), $tokens.
MATCH (a:Entity {key: $a})-[x:POSSIBLY_SAME]-(b:Entity {key: $b})
WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
MERGE (j:Judgement {pair: startNode(x).key + '|' + endNode(x).key, vis: x.vis})
SET j.a = startNode(x).key, j.b = endNode(x).key, j.verdict = $verdict, j.by = $by,
    j.at = datetime($at), j.note = $note, j.level = x.level
RETURN j.a AS a, j.b AS b, j.verdict AS verdict, j.by AS by, toString(j.at) AS at,
       j.note AS note, j.level AS level, j.vis AS vis, x.score AS score, x.method AS method
ORDER BY score DESC, level, vis
