// Version 21: lines at the top and foot of reports (line_put), looked up by key when a
// batch is checked for boilerplate (line_counts). Reports stored before keep no lines
// until `nexus reindex` writes them again.
CREATE CONSTRAINT line_key IF NOT EXISTS FOR (l:Line) REQUIRE l.key IS UNIQUE;
