// Versions of the migrations already applied.
// Parameters: none.
MATCH (m:Migration)
RETURN m.version AS version
ORDER BY version
LIMIT 10000
