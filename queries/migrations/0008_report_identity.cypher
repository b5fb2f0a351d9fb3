// Version 8: reports are polyinstantiated, one per source id and label (ingest.writer), so
// a report submitted with the id of one stored under another label is stored beside it
// and can neither replace nor reveal it. The id-only uniqueness of version 1 gives way to
// (id, vis); lookups by id keep an index of their own. Existing reports already hold both
// properties, and RELATED already carries its report's label: no data to move.
DROP CONSTRAINT report_id IF EXISTS;
CREATE CONSTRAINT report_identity IF NOT EXISTS FOR (r:Report) REQUIRE (r.id, r.vis) IS UNIQUE;
CREATE INDEX report_source_id IF NOT EXISTS FOR (r:Report) ON (r.id);
