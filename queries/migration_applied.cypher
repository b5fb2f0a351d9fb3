// Versions of the migrations already applied.
// No viewer filter: the schema's own records.
// Parameters: none.
MATCH (m:Migration)
RETURN m.version AS version
ORDER BY version
LIMIT 10000
