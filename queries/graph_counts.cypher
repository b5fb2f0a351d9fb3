// Totals of every node label and relationship type (no content). No viewer filter, not
// run by the product: the ingest tests read it. Parameters: none.
CALL () {
  MATCH (r:Report) RETURN 'Report' AS name, count(r) AS n
  UNION ALL
  MATCH (e:Entity) RETURN 'Entity' AS name, count(e) AS n
  UNION ALL
  MATCH ()-[m:MENTIONS]->() RETURN 'MENTIONS' AS name, count(m) AS n
  UNION ALL
  MATCH ()-[x:RELATED]->() RETURN 'RELATED' AS name, count(x) AS n
  UNION ALL
  MATCH ()-[c:POSSIBLY_SAME]->() RETURN 'POSSIBLY_SAME' AS name, count(c) AS n
  UNION ALL
  MATCH ()-[a:IN_AREA]->() RETURN 'IN_AREA' AS name, count(a) AS n
  UNION ALL
  MATCH ()-[c:CO_MENTION]->() RETURN 'CO_MENTION' AS name, count(c) AS n
}
RETURN name, n
