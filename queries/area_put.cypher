// Links reports to their area. Areas come from the reference list (area_seed); an unknown
// code still gets a node so nothing is lost. Parameters: $links: list of {report, vis (the
// report's id and label), area}.
UNWIND $links AS row
MATCH (r:Report {id: row.report, vis: row.vis})
MERGE (a:Area {code: row.area})
ON CREATE SET a.name = row.area, a.kind = 'unknown'
MERGE (r)-[:IN_AREA]->(a)
