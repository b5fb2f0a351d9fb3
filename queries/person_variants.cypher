// People in the batch's person blocks, for spelling variants of a new name: each with the
// birth years its mentions state and the label of the report stating each one. Internal
// to ingest (like block_members). Parameters: $blocks: list of block keys; $limit: max
// members per block.
UNWIND $blocks AS block
CALL (block) {
  MATCH (:Block {key: block})<-[:IN_BLOCK]-(e:Person)
  WHERE NOT e.key CONTAINS '@'
  RETURN e
  LIMIT $limit
}
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WHERE m.born IS NOT NULL
  RETURN collect(DISTINCT {year: m.born, vis: r.vis}) AS born
}
RETURN block, e.key AS key, born
