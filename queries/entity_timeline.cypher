// The visible reports mentioning an entity in time order (event time when the report has
// one, else its reporting time), with what each calls it; one page and the total.
// Parameters: $key, $tokens, $since, $until (ISO datetimes or null), $skip, $limit.
MATCH (e:Entity {key: $key})
MATCH (r:Report)-[m:MENTIONS]->(e)
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  AND ($since IS NULL OR coalesce(r.event_at, r.reported_at) >= datetime($since))
  AND ($until IS NULL OR coalesce(r.event_at, r.reported_at) < datetime($until))
WITH r, coalesce(m.value, m.surface) AS name
ORDER BY name
WITH r, collect(DISTINCT name) AS names
ORDER BY coalesce(r.event_at, r.reported_at), r.id
WITH collect({id: r.id, title: r.title, side: r.side, agency: r.agency, area: r.area,
              level: r.level, vis: r.vis, at: toString(coalesce(r.event_at, r.reported_at)),
              reported_at: toString(r.reported_at), names: names[..10]}) AS rows
RETURN size(rows) AS total, rows[$skip..($skip + $limit)] AS page
