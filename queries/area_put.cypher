// Links reports to their area. Areas come from the reference list (area_seed); an unknown
// code still gets a node so nothing is lost. Parameters: $links: list of {report, area}.
UNWIND $links AS row
MATCH (r:Report {id: row.report})
MERGE (a:Area {code: row.area})
ON CREATE SET a.name = row.area, a.kind = 'unknown'
MERGE (r)-[:IN_AREA]->(a)
