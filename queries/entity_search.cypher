// Search candidates: entities whose key is one of $keys (the query normalised as an
// identifier or a name, exactly as ingest keys it) or that have a visible mention whose
// surface or value matches the full-text query $text. Only visible mentions match and only
// visible mentions describe a hit, so a hidden alias never finds an entity. Ranking is done
// by the caller on these visible surfaces: Lucene scores depend on every document in the
// index, hidden ones included, so they are not used.
// Parameters: $keys (list of entity keys), $text (Lucene query or null), $kinds (list of
// kind labels or null), $tokens, $cap (max entities), $max_names (max surfaces per entity).
CALL () {
  UNWIND $keys AS key
  MATCH (e:Entity {key: key})
  RETURN e
  UNION
  WITH $text AS text
  WHERE text IS NOT NULL
  CALL db.index.fulltext.queryRelationships('mention_surface', text) YIELD relationship
  WITH relationship AS m
  MATCH (r:Report)-[m]->(e:Entity)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN e
}
WITH DISTINCT e
WHERE $kinds IS NULL OR e.kind IN $kinds
CALL (e) {
  MATCH (r:Report)-[:MENTIONS]->(e)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH DISTINCT r
  ORDER BY r.reported_at DESC, r.id
  RETURN count(r) AS reports, collect(r.id)[..5] AS report_ids, head(collect(r.vis)) AS vis
}
WITH e, reports, report_ids, vis
WHERE reports > 0
ORDER BY reports DESC, e.key
LIMIT $cap
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH coalesce(m.value, m.surface) AS name, count(*) AS n
  ORDER BY n DESC, name
  LIMIT $max_names
  RETURN collect({name: name, count: n}) AS names
}
RETURN e.key AS key, e.kind AS kind, reports, report_ids, vis, names
