// The oldest and newest visible reports filed against a set of area codes, and how many:
// where an area's data is, so that a picture's window can default to it.
// Parameters: $codes (area codes), $tokens.
MATCH (a:Area)<-[:IN_AREA]-(r:Report)
WHERE a.code IN $codes
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH DISTINCT r
RETURN count(r) AS reports, toString(min(r.reported_at)) AS first, toString(max(r.reported_at)) AS last
