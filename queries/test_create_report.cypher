// CREATE (not MERGE) of a bare report: used only to prove the uniqueness constraint holds.
// Parameters: $id.
CREATE (:Report {id: $id})
