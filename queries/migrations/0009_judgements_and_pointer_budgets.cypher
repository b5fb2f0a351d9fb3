// Version 9: judgements are one per candidate pair and label, like the candidates they judge
// (queries.judgements), so that a judgement a viewer may not see neither blocks the
// candidates nor the verdicts of those who may not see it. The pair-only uniqueness of
// version 1 gives way to (pair, vis); lookups by pair keep an index of their own. Existing
// judgements already carry their candidate's label: no data to move.
DROP CONSTRAINT judgement_pair IF EXISTS;
CREATE CONSTRAINT judgement_entry IF NOT EXISTS FOR (j:Judgement) REQUIRE (j.pair, j.vis) IS UNIQUE;
CREATE INDEX judgement_pair_lookup IF NOT EXISTS FOR (j:Judgement) ON (j.pair);
// And each principal's budget of pointer questions lives in the graph, one node per
// principal (pointer_ask), so that a restart does not refill it.
CREATE CONSTRAINT pointer_budget IF NOT EXISTS FOR (b:PointerBudget) REQUIRE b.principal IS UNIQUE;
