// The birth years the viewer's reports state for each person among $keys, by stating
// report and its side: an entity whose sides state years too far apart is two people that
// resolution could not tell apart at write time (each report's readers saw only their own
// side), and the alert rules do not join them.
// Parameters: $keys (person entity keys), $tokens.
UNWIND $keys AS key
MATCH (r:Report)-[m:MENTIONS]->(e:Entity {key: key})
WHERE m.born IS NOT NULL AND r.side IN ['LE', 'INTEL']
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH key, r, collect(DISTINCT m.born) AS years
RETURN key, r.side AS side, r.id AS report, years
LIMIT 5000
