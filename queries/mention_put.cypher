// Links reports to the entities they mention, one relationship per mention span. The
// report's old mentions were removed by report_put, so CREATE cannot duplicate. `born` is
// the birth year the report gives for a person (null otherwise): resolution reads it to
// tell namesakes apart (person_namesakes).
// Parameters: $mentions: list of {report, key, surface, start, end, sentence, confidence,
//             role, value, valid, born}.
UNWIND $mentions AS row
MATCH (r:Report {id: row.report})
MATCH (e:Entity {key: row.key})
CREATE (r)-[:MENTIONS {surface: row.surface, start: row.start, end: row.end,
                       sentence: row.sentence, confidence: row.confidence, role: row.role,
                       value: row.value, valid: row.valid, born: row.born}]->(e)
