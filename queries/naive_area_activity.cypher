// Visible reports filed against a set of area codes, counted by side and agency, for the
// window [$since, $until) and the previous window [$previous, $since).
// Parameters: $codes (area codes), $tokens, $previous, $since, $until (ISO datetimes),
// $limit.
MATCH (a:Area)<-[:IN_AREA]-(r:Report)
WHERE a.code IN $codes
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  AND r.reported_at >= datetime($previous) AND r.reported_at < datetime($until)
WITH DISTINCT r
WITH r.side AS side, coalesce(r.agency, '') AS agency,
     sum(CASE WHEN r.reported_at >= datetime($since) THEN 1 ELSE 0 END) AS current,
     sum(CASE WHEN r.reported_at < datetime($since) THEN 1 ELSE 0 END) AS previous
ORDER BY side, agency
LIMIT $limit
RETURN side, agency, current, previous
