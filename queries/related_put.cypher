// Typed relations stated in a report: one RELATED per (kind, report, label, pair), carrying
// the report's label, which tells apart the relations of reports sharing an id under
// different labels (report_put). Parameters: $relations: list of {source, target, kind,
// report, level, vis, confidence, sentence}.
UNWIND $relations AS row
MATCH (a:Entity {key: row.source})
MATCH (b:Entity {key: row.target})
MERGE (a)-[x:RELATED {kind: row.kind, report: row.report, vis: row.vis}]->(b)
SET x.level = row.level, x.confidence = row.confidence, x.sentence = row.sentence
