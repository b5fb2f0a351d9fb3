// How many alert events exist, of every class (benchmark and tests; never served).
// Parameters: none.
MATCH (e:AlertEvent)
RETURN count(e) AS n
