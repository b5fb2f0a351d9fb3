// The candidates of entities that lost mentions, each with the labels its two ends are
// still mentioned under (one tally per label, mention_put, which has run). The writer
// keeps a candidate only if some pair of those labels still gives its label (the AND of
// its two supporting reports' labels, candidate_put): one that no remaining report
// supports would show its readers an entity they may no longer see. No viewer filter:
// internal to ingest.
// No limit: a candidate left out would outlive its evidence.
// Parameters: $keys: keys of entities that lost mentions.
UNWIND $keys AS key
MATCH (e:Entity {key: key})-[c:POSSIBLY_SAME]-()
WITH DISTINCT c, startNode(c) AS a, endNode(c) AS b
RETURN a.key AS a, b.key AS b, c.vis AS vis,
       COLLECT { MATCH (a)-[:TALLY]->(t:Tally) RETURN t.vis } AS a_labels,
       COLLECT { MATCH (b)-[:TALLY]->(t:Tally) RETURN t.vis } AS b_labels
