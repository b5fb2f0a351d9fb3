// Corroboration for placing a person mention: for each (bearer, other) pair, the labels
// of the reports that name both the bearer and the other entity (an identifier, an
// organisation, a facility or an associate of the new mention). Hubs are left out by the
// caller (entity_hubs). No viewer filter: internal to ingest (like block_members).
// Parameters: $pairs: list of {bearer, other}; $limit: max labels per pair.
UNWIND $pairs AS pair
MATCH (b:Entity {key: pair.bearer})<-[:MENTIONS]-(r:Report)-[:MENTIONS]->(:Entity {key: pair.other})
WITH pair, collect(DISTINCT r.vis) AS labels
RETURN pair.bearer AS bearer, pair.other AS other, labels[..$limit] AS labels
