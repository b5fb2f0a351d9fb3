// What the viewer may know of each entity: kind, display name (the most frequent visible
// surface, or normalised value for identifiers), visible report counts by side, newest
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
// One pass over the visible mentions: the visibility filter is the costly part for an
// entity that thousands of reports mention.
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  WITH r, collect(coalesce(m.value, m.surface)) AS surfaces
  ORDER BY r.reported_at DESC, r.id
  RETURN count(r) AS reports, max(r.reported_at) AS newest,
         sum(CASE r.side WHEN 'LE' THEN 1 ELSE 0 END) AS le,
         sum(CASE r.side WHEN 'INTEL' THEN 1 ELSE 0 END) AS intel,
         max(CASE r.side WHEN 'LE' THEN r.reported_at END) AS newest_le,
         max(CASE r.side WHEN 'INTEL' THEN r.reported_at END) AS newest_intel,
         collect(CASE r.side WHEN 'LE' THEN r.id END)[..3] AS le_ids,
         collect(CASE r.side WHEN 'INTEL' THEN r.id END)[..3] AS intel_ids,
         head(collect(r.vis)) AS vis, collect(surfaces) AS surfaces
}
WITH e, reports, newest, le, intel, newest_le, newest_intel, le_ids, intel_ids, vis, surfaces
WHERE reports > 0
CALL (surfaces) {
  UNWIND surfaces AS per_report
  UNWIND per_report AS name
  WITH name, count(*) AS n
  ORDER BY n DESC, name
  LIMIT 1
  RETURN name
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
