// Removes candidates that no remaining report supports (candidate_support), one per pair
// and label. A judgement of the pair stays: it is an analyst's act, not derived evidence,
// and it applies again if the pair is suggested anew.
// Parameters: $candidates: list of {a, b, vis}.
UNWIND $candidates AS row
MATCH (:Entity {key: row.a})-[c:POSSIBLY_SAME {vis: row.vis}]->(:Entity {key: row.b})
DELETE c
