// Deletes the whole CO_MENTION projection: used only to prove that migration 0004 rebuilds
// it. Parameters: none.
MATCH ()-[c:CO_MENTION]->()
DELETE c
