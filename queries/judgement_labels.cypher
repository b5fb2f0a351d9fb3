// The labels under which each pair has been judged, for ingest to respect a judgement where
// the new candidate's readers may see it (ingest.writer). No viewer filter: internal to
// ingest.
// Parameters: $pairs: list of 'keyA|keyB' strings (the candidate's direction).
UNWIND $pairs AS pair
MATCH (j:Judgement {pair: pair})
RETURN pair, j.vis AS vis
