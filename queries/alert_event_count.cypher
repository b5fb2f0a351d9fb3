// How many alert events exist, of every class. No viewer filter, not run by the product:
// the alert crash tests count them.
// Parameters: none.
MATCH (e:AlertEvent)
RETURN count(e) AS n
