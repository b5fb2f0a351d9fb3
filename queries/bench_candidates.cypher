// Every resolution candidate visible to the viewer, as a pair of keys (smaller first, as
// candidate_put stores them): the quality benchmark counts the true pairs that resolution
// kept apart but puts before an analyst. Not run by the product.
// Parameters: $tokens, $limit.
MATCH (a:Entity)-[x:POSSIBLY_SAME]->(b:Entity)
WHERE x.vis IS NOT NULL AND all(c IN x.vis WHERE any(t IN split(c, '|') WHERE t IN $tokens))
RETURN DISTINCT a.key AS a, b.key AS b
LIMIT $limit
