// The visibility predicate every read uses, applied to literal labels: lets the tests
// prove that Cypher and the Python evaluator agree. No viewer filter (it reads no graph
// data), not run by the product. Parameters: $cases: list of {id, vis: [CNF clause],
// tokens: [token]}.
UNWIND $cases AS c
RETURN c.id AS id,
       (c.vis IS NOT NULL AND all(cl IN c.vis WHERE any(t IN split(cl, '|') WHERE t IN c.tokens))) AS allowed
