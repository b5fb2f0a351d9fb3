// An entity's profile from the mentions the viewer may see: names and identifier values
// with counts, first and last seen, reports by side, the newest reports, areas and the
// newest visible watchlist entry. No row when no visible report mentions the entity.
// The visible mentions are read once, and every figure is taken from that list: a busy
// entity has thousands of them.
// Parameters: $key, $tokens, $max_names, $max_reports, $max_areas.
MATCH (e:Entity {key: $key})
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN collect({r: r, surface: m.surface, value: m.value}) AS seen
}
WITH e, seen
WHERE size(seen) > 0
CALL (seen) {
  UNWIND seen AS s
  WITH DISTINCT s.r AS r
  RETURN collect(r) AS visible
}
CALL (visible) {
  UNWIND visible AS r
  RETURN count(r) AS reports, min(r.reported_at) AS first_seen, max(r.reported_at) AS last_seen,
         sum(CASE r.side WHEN 'LE' THEN 1 ELSE 0 END) AS le,
         sum(CASE r.side WHEN 'INTEL' THEN 1 ELSE 0 END) AS intel,
         sum(CASE r.side WHEN 'OPEN' THEN 1 ELSE 0 END) AS open
}
CALL (seen) {
  UNWIND seen AS s
  WITH s.surface AS surface, s.value AS value, s.r AS r
  ORDER BY r.reported_at DESC, r.id
  WITH surface, value, count(*) AS n, collect(DISTINCT r.id)[..3] AS report_ids
  ORDER BY n DESC, surface, value
  LIMIT $max_names
  RETURN collect({surface: surface, value: value, count: n, reports: report_ids}) AS names
}
CALL (visible) {
  UNWIND visible AS r
  WITH r
  ORDER BY r.reported_at DESC, r.id
  LIMIT $max_reports
  RETURN collect({id: r.id, title: r.title, side: r.side, agency: r.agency, area: r.area,
                  level: r.level, vis: r.vis, reported_at: toString(r.reported_at)}) AS latest
}
CALL (visible) {
  UNWIND visible AS r
  MATCH (r)-[:IN_AREA]->(a:Area)
  WITH a, count(r) AS n
  ORDER BY n DESC, a.code
  LIMIT $max_areas
  RETURN collect({code: a.code, name: a.name, count: n}) AS areas
}
CALL (e) {
  OPTIONAL MATCH (w:Watch {key: e.key})
  WHERE w.vis IS NOT NULL AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  // One entry per label may exist: pick among the visible ones only, the same way each time.
  WITH w ORDER BY w.added_at DESC, w.vis
  LIMIT 1
  RETURN CASE WHEN w IS NULL THEN NULL
         ELSE {reason: w.reason, level: w.level, vis: w.vis, added_by: w.added_by,
               added_at: toString(w.added_at)} END AS watch
}
RETURN e.key AS key, e.kind AS kind, reports, toString(first_seen) AS first_seen,
       toString(last_seen) AS last_seen, le, intel, open, names, latest, areas, watch
