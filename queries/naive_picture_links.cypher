// The naive version of picture_links, for the benchmark and the tests: every visible LE
// and INTEL mention of every subject-kind entity read, the oldest report per side found
// from them (of reports filed at the same moment, the one with the greatest id).
// Parameters: $tokens, $since, $until (ISO), $kinds, $limit.
MATCH (r:Report)-[:MENTIONS]->(e:Entity)
WHERE e.kind IN $kinds AND r.side IN ['LE', 'INTEL']
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH DISTINCT e, r
ORDER BY r.reported_at, r.id DESC
WITH e, collect(CASE r.side WHEN 'LE' THEN r END)[0] AS le,
     collect(CASE r.side WHEN 'INTEL' THEN r END)[0] AS intel
WHERE le IS NOT NULL AND intel IS NOT NULL
WITH CASE WHEN le.reported_at >= intel.reported_at THEN le ELSE intel END AS later
WITH later.reported_at AS linked, coalesce(later.area, '') AS area
WHERE linked >= datetime($since) AND linked < datetime($until) AND area <> ''
RETURN area, count(*) AS links
ORDER BY area
LIMIT $limit
