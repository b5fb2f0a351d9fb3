// CREATE (not MERGE) of a bare report: used only to prove the uniqueness constraint holds.
// Parameters: $id, $vis.
CREATE (:Report {id: $id, vis: $vis})
