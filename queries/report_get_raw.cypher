// The reports stored under an id (one per label), with their labels, for a caller that has
// already been cleared to read them. No viewer filter, not run by the product: the storage
// tests read it.
// Parameters: $id.
MATCH (r:Report {id: $id})
RETURN r.id AS id, r.agency AS agency, r.side AS side, r.level AS level, r.vis AS vis,
       r.area AS area, toString(r.reported_at) AS reported_at,
       toString(r.event_at) AS event_at, r.title AS title, r.text AS text, r.sha256 AS sha256
ORDER BY r.level, r.vis
LIMIT 20
