// Version 2: watchlist entries are polyinstantiated, one per entity key and label, so an
// entry an admin may not see neither blocks nor is replaced by theirs (ARCHITECTURE §3).
// The key-only uniqueness of version 1 gives way to (key, vis); entity lookups keep an
// index of their own. Existing entries already hold both properties: no data to move.
DROP CONSTRAINT watch_key IF EXISTS;
CREATE CONSTRAINT watch_entry IF NOT EXISTS FOR (w:Watch) REQUIRE (w.key, w.vis) IS UNIQUE;
CREATE INDEX watch_entity IF NOT EXISTS FOR (w:Watch) ON (w.key);
