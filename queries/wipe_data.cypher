// Deletes every data node, keeping the schema and its migration records.
// Not run by the product: the tests and the benchmark wipe the graph between runs.
// Parameters: none.
MATCH (n)
WHERE NOT n:Migration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
