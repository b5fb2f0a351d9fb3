// Resolution candidates below the merge threshold, for an analyst to confirm or reject:
// one POSSIBLY_SAME per pair and label, the label being the AND of the two supporting
// reports' labels. The writer leaves out pairs judged under a label the candidate's readers
// may see (ingest.writer); a judgement they may not see never blocks one.
// Parameters: $candidates: list of {a, b, score, method, level, vis, reports}.
UNWIND $candidates AS row
MATCH (a:Entity {key: row.a})
MATCH (b:Entity {key: row.b})
MERGE (a)-[c:POSSIBLY_SAME {vis: row.vis}]->(b)
ON CREATE SET c.score = row.score, c.method = row.method, c.level = row.level,
              c.reports = row.reports
