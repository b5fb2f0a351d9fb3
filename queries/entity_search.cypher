// Search candidates: entities whose key is one of $keys (the query normalised as an
// identifier or a name, exactly as ingest keys it) or that have a visible tally whose names
// match the full-text query $text. A tally holds the surfaces (values for identifiers) of
// an entity's mentions in the reports of one label, so only visible mentions match and only
// visible mentions describe a hit: a hidden alias never finds an entity. The terms of $text
// must all occur among the names of one tally. Ranking is done by the caller on these
// visible names: Lucene scores depend on every document in the index, hidden ones
// included, so they are not used. Counts, newest reports and names come from the entity's
// visible tallies (mention_put).
// Parameters: $keys (list of entity keys), $text (Lucene query or null), $kinds (list of
// kind labels or null), $tokens, $cap (max entities), $max_names (max surfaces per entity).
CALL () {
  UNWIND $keys AS key
  MATCH (e:Entity {key: key})
  RETURN e
  UNION
  WITH $text AS text
  WHERE text IS NOT NULL
  CALL db.index.fulltext.queryNodes('tally_names', text) YIELD node AS t
  WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  MATCH (e:Entity)-[:TALLY]->(t)
  RETURN e
}
WITH DISTINCT e
WHERE $kinds IS NULL OR e.kind IN $kinds
CALL (e) {
  MATCH (e)-[:TALLY]->(t:Tally)
  WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH t ORDER BY t.newest DESC
  RETURN sum(t.reports) AS reports, head(collect(t.vis)) AS vis, collect(t) AS tallies
}
WITH e, reports, vis, tallies
WHERE reports > 0
ORDER BY reports DESC, e.key
LIMIT $cap
CALL (tallies) {
  UNWIND tallies AS t
  UNWIND range(0, size(t.ids) - 1) AS i
  WITH t.at[i] AS at, t.ids[i] AS id
  ORDER BY at DESC, id
  RETURN collect(id)[..5] AS report_ids
}
CALL (tallies) {
  UNWIND tallies AS t
  UNWIND range(0, size(t.names) - 1) AS i
  WITH t.names[i] AS name, sum(t.counts[i]) AS n
  ORDER BY n DESC, name
  LIMIT $max_names
  RETURN collect(name) AS names
}
RETURN e.key AS key, e.kind AS kind, reports, report_ids, vis, names
