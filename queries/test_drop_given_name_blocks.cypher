// Deletes every person's given-name blocking key. Not run by the product: the migration
// tests use it to prove that migration 0007 writes them back. Parameters: none.
MATCH (b:Block)
WHERE b.key STARTS WITH 'person-given:'
DETACH DELETE b
