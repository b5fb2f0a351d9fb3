// CREATE (not MERGE) of a bare report. Not run by the product: the schema tests use it
// to prove the uniqueness constraint holds.
// Parameters: $id, $vis.
CREATE (:Report {id: $id, vis: $vis})
