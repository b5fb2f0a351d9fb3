// Version 16: partners' TAXII feeds (ingest.taxii), one node per feed name, holding where
// its last committed poll stopped.
CREATE CONSTRAINT feed_name IF NOT EXISTS FOR (f:Feed) REQUIRE f.name IS UNIQUE;
