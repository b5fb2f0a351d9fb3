// Tests only: how many alert events exist. Parameters: none.
MATCH (e:AlertEvent)
RETURN count(e) AS n
