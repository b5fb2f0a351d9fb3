// How many reports of each label name each of the given entity keys or a namesake of it
// (a person placed among namesakes has a '~' qualifier after the key): the kinds under
// which a name is known, which a new report's statistical mentions are voted on
// (ingest.resolve.kinds). Counts come from the entities' tallies (one per label,
// mention_put). No viewer filter: internal to ingest, which sums only the labels the
// new report's readers may see and never shows these rows to a viewer.
// Parameters: $keys: list of entity keys; $limit: most labels per key.
UNWIND $keys AS key
CALL (key) {
  CALL (key) {
    MATCH (e:Entity {key: key})
    RETURN e
    UNION
    MATCH (e:Entity)
    WHERE e.key STARTS WITH key + '~'
    RETURN e
  }
  MATCH (e)-[:TALLY]->(t:Tally)
  WITH t.vis AS vis, sum(t.reports) AS reports
  ORDER BY reports DESC
  LIMIT $limit
  RETURN vis, reports
}
RETURN key, vis, reports
