// Creates or replaces reports. A report is identified by its id and its label (the writer's
// module docstring): a report with the id of one stored under another label is stored
// beside it, never over it. A replaced report loses its old mentions, relations and area
// link in the same transaction (the writer re-adds what the new version states); `old`
// lists the entities it mentioned, whose tallies mention_put then recomputes; a
// CO_MENTION between two of them that no other report of the old label supports goes.
// `replaced` is the content hash of the version replaced (null for a new report).
// Parameters: $reports: list of {id, agency, side, level, vis, area, reported_at, event_at,
//             title, text, sha256}.
UNWIND $reports AS row
MERGE (r:Report {id: row.id, vis: row.vis})
WITH r, row, r.sha256 AS replaced
CALL (r) {
  OPTIONAL MATCH (r)-[m:MENTIONS|IN_AREA]->(x)
  WITH m, CASE WHEN m:MENTIONS THEN x.key END AS key
  DELETE m
  RETURN collect(DISTINCT key) AS old
}
CALL (r, old) {
  UNWIND old AS ka
  UNWIND old AS kb
  MATCH (a:Entity {key: ka})-[c:CO_MENTION]->(b:Entity {key: kb})
  WHERE c.vis = r.vis
    AND NOT EXISTS { MATCH (a)<-[:MENTIONS]-(o:Report)-[:MENTIONS]->(b) WHERE o.vis = r.vis }
  DELETE c
}
CALL (r) {
  OPTIONAL MATCH ()-[x:RELATED {report: r.id, vis: r.vis}]->()
  DELETE x
}
SET r.agency = row.agency, r.side = row.side, r.level = row.level,
    r.area = row.area, r.reported_at = datetime(row.reported_at),
    r.event_at = CASE WHEN row.event_at IS NULL THEN NULL ELSE datetime(row.event_at) END,
    r.title = row.title, r.text = row.text, r.sha256 = row.sha256
RETURN r.id AS id, r.vis AS vis, old, replaced
