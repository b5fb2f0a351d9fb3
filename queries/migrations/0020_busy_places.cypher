// Version 20: the :Busy label (see mention_put) on the places (Location, Facility) already
// mentioned more than domain.HUB_PLACE_REPORTS (25, a literal as a migration takes no
// parameters) times: a place is a hub at a lower count than other entities (queries.hubs).
MATCH (e:Entity)
WHERE e.kind IN ['Location', 'Facility']
CALL (e) {
  WITH e WHERE COUNT { (e)<-[:MENTIONS]-() } > 25
  SET e:Busy
} IN TRANSACTIONS OF 5000 ROWS;
