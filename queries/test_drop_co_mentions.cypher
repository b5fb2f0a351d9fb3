// Deletes the whole CO_MENTION projection. Not run by the product: the migration tests use
// it to prove that migration 0004 rebuilds it. Parameters: none.
MATCH ()-[c:CO_MENTION]->()
DELETE c
