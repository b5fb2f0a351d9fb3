// Version 4: the co-mention projection (see mention_put, which keeps it from then on),
// computed here once for the reports already in the graph: one CO_MENTION per pair of
// entities and label of the reports that mention both, from the smaller key to the larger.
MATCH (r:Report)
CALL (r) {
  MATCH (r)-[:MENTIONS]->(a:Entity)
  WITH DISTINCT r, a
  MATCH (r)-[:MENTIONS]->(b:Entity)
  WHERE a.key < b.key
  WITH DISTINCT r, a, b
  MERGE (a)-[:CO_MENTION {vis: r.vis}]->(b)
} IN TRANSACTIONS OF 500 ROWS;
