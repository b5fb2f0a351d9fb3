// Deletes every data node, keeping the schema and its migration records.
// Used by `nexus reset` (development) and between integration tests. Parameters: none.
MATCH (n)
WHERE NOT n:Migration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
