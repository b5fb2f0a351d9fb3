// Typed relations stated in a report: one RELATED per (kind, report, pair), carrying the
// report's label. Parameters: $relations: list of {source, target, kind, report, level, vis,
// confidence, sentence}.
UNWIND $relations AS row
MATCH (a:Entity {key: row.source})
MATCH (b:Entity {key: row.target})
MERGE (a)-[x:RELATED {kind: row.kind, report: row.report}]->(b)
SET x.level = row.level, x.vis = row.vis, x.confidence = row.confidence, x.sentence = row.sentence
