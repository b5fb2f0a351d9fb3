// How far the CO_MENTION projection is from the mentions it is derived from: pairs of
// entities and labels that some report supports but no CO_MENTION holds (missing),
// CO_MENTIONs that no report supports or that point from the larger key (stale), and
// extra copies of one pair and label (duplicated). All three are 0 when mention_put and
// report_put kept it. No viewer filter, not run by the product: the ingest tests read it.
// Parameters: none.
CALL () {
  MATCH (r:Report)-[:MENTIONS]->(a:Entity)
  WITH DISTINCT r, a
  MATCH (r)-[:MENTIONS]->(b:Entity)
  WHERE a.key < b.key
  WITH DISTINCT a, b, r.vis AS vis
  WHERE NOT EXISTS { MATCH (a)-[c:CO_MENTION]->(b) WHERE c.vis = vis }
  RETURN count(*) AS missing
}
CALL () {
  MATCH (a:Entity)-[c:CO_MENTION]->(b:Entity)
  WHERE a.key >= b.key
     OR NOT EXISTS { MATCH (a)<-[:MENTIONS]-(r:Report)-[:MENTIONS]->(b) WHERE r.vis = c.vis }
  RETURN count(c) AS stale
}
CALL () {
  MATCH (a:Entity)-[c:CO_MENTION]->(b:Entity)
  WITH a, b, c.vis AS vis, count(c) AS copies
  RETURN sum(copies - 1) AS duplicated
}
RETURN missing, stale, duplicated
