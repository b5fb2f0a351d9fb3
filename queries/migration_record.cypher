// Marks a migration as applied.
// Parameters: $version (int), $name (string).
MERGE (m:Migration {version: $version})
ON CREATE SET m.name = $name, m.applied_at = datetime()
