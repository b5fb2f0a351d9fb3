// The entities that visible reports of a set of areas mention in the window [$since,
// $until) or the previous window [$previous, $since): visible report counts in each,
// whether a visible LE or INTEL report of the current window names them, and when any
// visible report (in any area) first mentioned them. Most active first.
// Parameters: $codes, $tokens, $previous, $since, $until, $limit.
MATCH (a:Area)<-[:IN_AREA]-(r:Report)-[:MENTIONS]->(e:Entity)
WHERE a.code IN $codes
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  AND r.reported_at >= datetime($previous) AND r.reported_at < datetime($until)
WITH DISTINCT e, r
WITH e,
     sum(CASE WHEN r.reported_at >= datetime($since) THEN 1 ELSE 0 END) AS current,
     sum(CASE WHEN r.reported_at < datetime($since) THEN 1 ELSE 0 END) AS previous,
     sum(CASE WHEN r.reported_at >= datetime($since) AND r.side = 'LE' THEN 1 ELSE 0 END) AS le,
     sum(CASE WHEN r.reported_at >= datetime($since) AND r.side = 'INTEL' THEN 1 ELSE 0 END) AS intel
ORDER BY current DESC, previous DESC, e.key
LIMIT $limit
CALL (e) {
  MATCH (fr:Report)-[:MENTIONS]->(e)
  WHERE fr.vis IS NOT NULL AND all(c IN fr.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN min(fr.reported_at) AS first_seen
}
RETURN e.key AS key, e.kind AS kind, current, previous, le, intel,
       toString(first_seen) AS first_seen
