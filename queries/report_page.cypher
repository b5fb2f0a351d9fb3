// Stored reports one page at a time, in id order, for re-extraction (`nexus reindex`): an
// operator's maintenance read, not an analyst's: no viewer filter (it rewrites every
// report). Each report comes with its label and the entities a structured format stated
// outright (mentions with no span), which its text alone would not give again, and how
// many versions of its id are stored (one id under several labels: the writer's docstring).
// Parameters: $after (the last id of the previous page; "" for the first), $limit.
MATCH (r:Report)
WHERE r.id > $after
WITH r ORDER BY r.id LIMIT $limit
OPTIONAL MATCH (r)-[m:MENTIONS]->(e:Entity)
WHERE m.start < 0
WITH r, collect(CASE WHEN m IS NOT NULL THEN {kind: e.kind, surface: m.surface, value: m.value} END) AS stated
RETURN r.id AS id, r.agency AS agency, r.side AS side, r.level AS level, r.vis AS vis,
       r.area AS area, toString(r.reported_at) AS reported_at, toString(r.event_at) AS event_at,
       r.title AS title, r.text AS text, r.sha256 AS sha256, stated,
       COUNT { (o:Report) WHERE o.id = r.id } AS versions
ORDER BY id
