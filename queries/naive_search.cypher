// Naive baseline of entity_search, not run by the product (the benchmark's): a substring
// scan of every mention surface, no index. Parameters: $q, $tokens.
MATCH (r:Report)-[m:MENTIONS]->(e:Entity)
WHERE toLower(m.surface) CONTAINS toLower($q)
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN DISTINCT e.key AS key
LIMIT 100
