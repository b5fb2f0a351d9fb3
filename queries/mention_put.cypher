// Links reports to the entities they mention, one relationship per mention span. The
// report's old mentions were removed by report_put, so CREATE cannot duplicate.
// Parameters: $mentions: list of {report, key, surface, start, end, sentence, confidence,
//             role, value, valid}.
UNWIND $mentions AS row
MATCH (r:Report {id: row.report})
MATCH (e:Entity {key: row.key})
CREATE (r)-[:MENTIONS {surface: row.surface, start: row.start, end: row.end,
                       sentence: row.sentence, confidence: row.confidence, role: row.role,
                       value: row.value, valid: row.valid}]->(e)
