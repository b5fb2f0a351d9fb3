// The labels of the visible reports that mention each entity (one per tally, so one per
// label), for a STIX export: an exported entity carries the markings of its evidence.
// Parameters: $keys (entity keys), $tokens.
UNWIND $keys AS key
MATCH (e:Entity {key: key})-[:TALLY]->(t:Tally)
WHERE t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN e.key AS key, e.kind AS kind, collect(t.vis) AS labels
ORDER BY key
