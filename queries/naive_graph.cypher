// Naive baseline, not run by the product (the benchmark's): the whole visible co-mention
// graph, every pair of entities that a visible report mentions together, pulled out for
// networkx.
// Parameters: $tokens, $limit.
MATCH (a:Entity)<-[:MENTIONS]-(r:Report)-[:MENTIONS]->(b:Entity)
WHERE a.key < b.key
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN DISTINCT a.key AS a, b.key AS b
LIMIT $limit
