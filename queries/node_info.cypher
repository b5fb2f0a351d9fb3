// What the viewer may know of each entity: kind, display name (the most frequent visible
// surface, or normalised value for identifiers; for a person, the fullest), visible report counts by side, newest
// visible report (and the newest three LE and INTEL ones), its newest visible watchlist entry,
// and, for identifier values (kinds in $identifier_kinds) among $holder_keys, its holders
// (null for other entities): the entities of a kind in $holder_kinds joined
// to it by a visible stated relation or a same-sentence co-mention in a visible report
// (who uses a phone, not who happens to share a report with it). Entities with no
// visible mention return no row.
// Parameters: $keys, $holder_keys (lists of entity keys), $holder_kinds, $identifier_kinds
// (kind labels), $tokens.
UNWIND $keys AS key
MATCH (e:Entity {key: key})
// From the entity's tallies (mention_put), one per label of the reports that mention it:
// the visible ones add up to exactly the visible reports' figures.
CALL (e) {
  MATCH (e)-[:TALLY]->(t:Tally)
  WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH t ORDER BY t.newest DESC
  RETURN sum(t.reports) AS reports, max(t.newest) AS newest, sum(t.le) AS le,
         sum(t.intel) AS intel, max(t.newest_le) AS newest_le,
         max(t.newest_intel) AS newest_intel, head(collect(t.vis)) AS vis,
         collect(t) AS tallies
}
WITH e, reports, newest, le, intel, newest_le, newest_intel, vis, tallies
WHERE reports > 0
// A person is shown by the fullest name written ("Minoru Mao", not the "Mao" that a
// report repeats after introducing him), then the most frequent; titles and initials
// ("Dr.", "B.") make no name fuller.
CALL (e, tallies) {
  UNWIND tallies AS t
  UNWIND range(0, size(t.names) - 1) AS i
  WITH t.names[i] AS name, sum(t.counts[i]) AS n
  ORDER BY CASE e.kind
             WHEN 'Person' THEN size([w IN split(trim(name), ' ') WHERE w <> '' AND NOT w ENDS WITH '.'])
             ELSE 0
           END DESC, n DESC, name
  LIMIT 1
  RETURN name
}
CALL (tallies) {
  UNWIND tallies AS t
  UNWIND range(0, size(t.le_ids) - 1) AS i
  WITH t.le_at[i] AS at, t.le_ids[i] AS id
  ORDER BY at DESC, id
  RETURN collect(id)[..3] AS le_ids
}
CALL (tallies) {
  UNWIND tallies AS t
  UNWIND range(0, size(t.intel_ids) - 1) AS i
  WITH t.intel_at[i] AS at, t.intel_ids[i] AS id
  ORDER BY at DESC, id
  RETURN collect(id)[..3] AS intel_ids
}
CALL (e) {
  OPTIONAL MATCH (w:Watch {key: e.key})
  WHERE w.vis IS NOT NULL AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  // One entry per label may exist: pick among the visible ones only, the same way each time.
  WITH w ORDER BY w.added_at DESC, w.vis
  LIMIT 1
  RETURN w.reason AS watch_reason, toString(w.added_at) AS watched_at, w.vis AS watch_vis
}
CALL (e) {
  WITH e WHERE e.key IN $holder_keys AND e.kind IN $identifier_kinds
  CALL (e) {
    MATCH (e)<-[me:MENTIONS]-(r:Report)-[mo:MENTIONS]->(o:Entity)
    WHERE o <> e AND o.kind IN $holder_kinds AND me.sentence = mo.sentence AND me.sentence >= 0
      AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    RETURN o
    UNION
    MATCH (e)-[x:RELATED]-(o:Entity)
    WHERE o.kind IN $holder_kinds
      AND x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    RETURN o
  }
  RETURN count(DISTINCT o) AS holders
}
WITH e, reports, newest, le, intel, newest_le, newest_intel, le_ids, intel_ids, vis, name,
     watch_reason, watched_at, watch_vis,
     CASE WHEN e.key IN $holder_keys AND e.kind IN $identifier_kinds THEN holders END AS holders
RETURN e.key AS key, e.kind AS kind, name, reports, le, intel, toString(newest) AS newest,
       toString(newest_le) AS newest_le, toString(newest_intel) AS newest_intel, le_ids,
       intel_ids, vis,
       watch_reason, watched_at, watch_vis, holders
