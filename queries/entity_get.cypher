// One entity as the viewer may know it, or no row. An entity exists for a viewer only
// through a visible report that mentions it; the row carries that report's label so the
// caller can re-check it.
// Parameters: $key (entity key), $tokens (the viewer's encoded tokens).
MATCH (e:Entity {key: $key})
CALL (e) {
  MATCH (r:Report)-[:MENTIONS]->(e)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN r.vis AS vis
  LIMIT 1
}
RETURN e.key AS key, e.kind AS kind, vis
LIMIT 1
