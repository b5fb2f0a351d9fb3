// The entities the window [$since, $until) put on both sides for the viewer, by area: a
// person, organisation or facility that visible LE and visible INTEL reports both name,
// whose later side was first named in the window (a nexus of no hops that is new),
// counted against the area of the report that completed it (of reports filed at the same
// moment, the one with the greatest id). Candidates come from the tallies of entities on
// both sides (:Sided, mention_put) whose oldest LE or INTEL mention falls in the window
// (sided_oldest_* indexes), so the cost follows the links the window may have made, not
// the graph nor every entity the window brought to one side.
// Parameters: $tokens, $since, $until (ISO), $kinds (subject kinds), $limit.
CALL () {
  MATCH (t:Sided)
  WHERE t.oldest_le >= datetime($since) AND t.oldest_le < datetime($until)
  RETURN t
  UNION
  MATCH (t:Sided)
  WHERE t.oldest_intel >= datetime($since) AND t.oldest_intel < datetime($until)
  RETURN t
}
WITH t
WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
MATCH (e:Entity)-[:TALLY]->(t)
WHERE e.kind IN $kinds
WITH DISTINCT e
CALL (e) {
  MATCH (e)-[:TALLY]->(x:Tally)
  WHERE x.oldest_le IS NOT NULL
    AND x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN x.oldest_le AS le, x.oldest_le_area AS le_area
  ORDER BY le, x.oldest_le_id DESC
  LIMIT 1
}
CALL (e) {
  MATCH (e)-[:TALLY]->(x:Tally)
  WHERE x.oldest_intel IS NOT NULL
    AND x.vis IS NOT NULL AND all(c IN x.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN x.oldest_intel AS intel, x.oldest_intel_area AS intel_area
  ORDER BY intel, x.oldest_intel_id DESC
  LIMIT 1
}
WITH CASE WHEN le >= intel THEN le ELSE intel END AS linked,
     CASE WHEN le >= intel THEN le_area ELSE intel_area END AS area
WHERE linked >= datetime($since) AND linked < datetime($until) AND area <> ''
RETURN area, count(*) AS links
ORDER BY area
LIMIT $limit
