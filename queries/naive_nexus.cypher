// Naive baseline of nexus_search, not run by the product (the benchmark's): every path of
// up to two entity hops from the start (a plain variable-length expansion, no shortest-path
// search, no hub exclusion), filtered afterwards, ending at an intelligence subject.
// Parameters: $key, $tokens.
MATCH (s:Entity {key: $key})
MATCH p = (s)-[:MENTIONS*2..4]-(t:Entity)
WHERE t <> s
  AND all(n IN nodes(p) WHERE n:Entity
          OR (n.vis IS NOT NULL AND all(c IN n.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))))
  AND EXISTS {
    MATCH (t)<-[:MENTIONS]-(ir:Report {side: 'INTEL'})
    WHERE ir.vis IS NOT NULL AND all(c IN ir.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  }
RETURN DISTINCT [n IN nodes(p) WHERE n:Entity | n.key] AS route
LIMIT 2000
