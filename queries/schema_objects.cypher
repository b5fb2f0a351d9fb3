// Names and definitions of all constraints and indexes, for schema checks.
// Parameters: none.
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint
RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint
ORDER BY name
