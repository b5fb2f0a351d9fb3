// Version 5: the :Busy label (see mention_put, which keeps it from then on) on the
// entities already mentioned more than hubs.HUB_REPORTS (100, a literal as a migration
// takes no parameters) times, the only ones viewer_hubs reads.
MATCH (e:Entity)
CALL (e) {
  WITH e WHERE COUNT { (e)<-[:MENTIONS]-() } > 100
  SET e:Busy
} IN TRANSACTIONS OF 5000 ROWS;
