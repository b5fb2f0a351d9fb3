// Names and definitions of all constraints and indexes. No viewer filter, not run by the
// product: the schema tests read it.
// Parameters: none.
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint
RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint
ORDER BY name
