// Creates or replaces reports. A report is identified by its id and its label (the writer's
// module docstring): a report with the id of one stored under another label is stored
// beside it, unless its writer may read that one, which it then replaces (a re-marking);
// so a writer can neither change nor detect a report it may not read. A replaced report
// loses its old mentions, relations, area link and lines in the same transaction (the writer
// re-adds what the new version states), and one under another label goes altogether;
// `old` lists the entities they mentioned, whose tallies mention_put then recomputes; a
// CO_MENTION between two of them that no other report of that label supports goes.
// `replaced` lists each replaced version's label and content hash, for the audit, and where
// and when it was filed (area, at), whose area-day tally area_day_put then recomputes.
// Parameters: $reports: list of {id, agency, side, level, vis, area, reported_at, event_at,
//             title, text, sha256, writer}; `writer` is the tokens of the principal the
//             report comes from, or null for the operator (who may read every label).
UNWIND $reports AS row
MERGE (r:Report {id: row.id, vis: row.vis})
WITH r, row
CALL (r, row) {
  OPTIONAL MATCH (o:Report {id: row.id})
  WHERE o <> r
    AND (row.writer IS NULL OR all(c IN o.vis WHERE any(tk IN split(c, '|') WHERE tk IN row.writer)))
  RETURN collect(o) AS others
}
WITH r, row, others,
     [x IN [r] + others WHERE x.sha256 IS NOT NULL |
      {vis: x.vis, sha256: x.sha256, area: x.area, at: toString(x.reported_at)}] AS replaced
UNWIND [r] + others AS x
CALL (x) {
  OPTIONAL MATCH (x)-[m:MENTIONS|IN_AREA|CARRIES]->(y)
  WITH m, CASE WHEN m:MENTIONS THEN y.key END AS key
  DELETE m
  RETURN collect(DISTINCT key) AS old
}
CALL (x, old) {
  UNWIND old AS ka
  UNWIND old AS kb
  MATCH (a:Entity {key: ka})-[c:CO_MENTION]->(b:Entity {key: kb})
  WHERE c.vis = x.vis
    AND NOT EXISTS { MATCH (a)<-[:MENTIONS]-(o:Report)-[:MENTIONS]->(b) WHERE o.vis = x.vis }
  DELETE c
}
CALL (x) {
  OPTIONAL MATCH ()-[rel:RELATED {report: x.id, vis: x.vis}]->()
  DELETE rel
}
WITH r, row, others, replaced, collect(old) AS olds
FOREACH (o IN others | DETACH DELETE o)
SET r.agency = row.agency, r.side = row.side, r.level = row.level,
    r.area = row.area, r.reported_at = datetime(row.reported_at),
    r.event_at = CASE WHEN row.event_at IS NULL THEN NULL ELSE datetime(row.event_at) END,
    r.title = row.title, r.text = row.text, r.sha256 = row.sha256
RETURN r.id AS id, r.vis AS vis, reduce(keys = [], o IN olds | keys + o) AS old, replaced
