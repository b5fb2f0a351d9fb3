// Version 7: the second blocking key of a person (ingest.resolve.block: the given name
// and the surname's first letter) on the people written before it existed. The name is
// read from the key as graph_service.domain.keys.key_name reads it; a one-word name has no
// blocks.
MATCH (e:Person)
CALL (e) {
  WITH e, split(split(split(substring(e.key, 7), '@')[0], '~')[0], ' ') AS words
  WITH e, words WHERE size(words) >= 2
  MERGE (b:Block {key: 'person-given:' + words[0] + ':' + left(words[-1], 1)})
  MERGE (e)-[:IN_BLOCK]->(b)
} IN TRANSACTIONS OF 5000 ROWS;
