// The entities that visible reports of a set of areas mention in the window [$since,
// $until) or the previous window [$previous, $since): visible report counts in each,
// whether a visible LE or INTEL report of the current window names them, and when any
// visible report (in any area) first mentioned them. Most active first. The reports are
// found through the report_area_reported_at index, so the cost follows the two windows'
// mentions, not the area's history; the first mention is the oldest of the entity's
// visible tallies (mention_put), not a read of every mention of a busy entity.
// Parameters: $codes, $tokens, $previous, $since, $until, $limit.
UNWIND $codes AS code
MATCH (r:Report)
WHERE r.area = code AND r.reported_at >= datetime($previous) AND r.reported_at < datetime($until)
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
MATCH (r)-[:MENTIONS]->(e:Entity)
WITH DISTINCT e, r
WITH e,
     sum(CASE WHEN r.reported_at >= datetime($since) THEN 1 ELSE 0 END) AS current,
     sum(CASE WHEN r.reported_at < datetime($since) THEN 1 ELSE 0 END) AS previous,
     sum(CASE WHEN r.reported_at >= datetime($since) AND r.side = 'LE' THEN 1 ELSE 0 END) AS le,
     sum(CASE WHEN r.reported_at >= datetime($since) AND r.side = 'INTEL' THEN 1 ELSE 0 END) AS intel
ORDER BY current DESC, previous DESC, e.key
LIMIT $limit
CALL (e) {
  MATCH (e)-[:TALLY]->(t:Tally)
  WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN min(t.oldest) AS first_seen
}
RETURN e.key AS key, e.kind AS kind, current, previous, le, intel,
       toString(first_seen) AS first_seen
