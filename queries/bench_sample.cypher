// Benchmark inputs: LE reports spread over the corpus (ordered by content hash, so a
// corpus always gives the same sample), each with an entity it mentions (a person when
// there is one: what analysts mostly ask about), that entity's surface there, and an
// entity two co-mentions away for path queries. Not run by the product.
// Parameters: $n, $tokens.
MATCH (r:Report {side: 'LE'})
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH r ORDER BY r.sha256, r.id
LIMIT $n
CALL (r) {
  MATCH (r)-[m:MENTIONS]->(a:Entity)
  MATCH (r)-[:MENTIONS]->(c:Entity)<-[:MENTIONS]-(r2:Report)-[:MENTIONS]->(b:Entity)
  WHERE a <> c AND b <> c AND b <> a AND r2 <> r
    AND r2.vis IS NOT NULL AND all(cl IN r2.vis WHERE any(tk IN split(cl, '|') WHERE tk IN $tokens))
  RETURN a.key AS source, m.surface AS surface, b.key AS target
  ORDER BY a:Person DESC, a.key, b.key
  LIMIT 1
}
RETURN r.id AS report, source, surface, target
