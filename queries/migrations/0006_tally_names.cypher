// Version 6: search matches the names in an entity's tallies (one document per entity and
// label) instead of every mention's surface (one per mention): a common surname finds a
// few hundred tallies rather than thousands of mentions to join back to their reports, and
// ingest no longer feeds every mention to Lucene. A tally's names are the surfaces (values
// for identifiers) of the mentions in reports of its label, so what a viewer may match is
// unchanged: the names of the tallies it may see. Search waits for the index to be online.
CREATE FULLTEXT INDEX tally_names IF NOT EXISTS FOR (t:Tally) ON EACH [t.names];
DROP INDEX mention_surface IF EXISTS;
CALL db.awaitIndex('tally_names', 600);
