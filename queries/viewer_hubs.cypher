// The entities that are hubs for the viewer by count: more than $hub_reports of the reports
// it may see mention them ($place_reports for a kind in $place_kinds), summed from their
// visible tallies (mention_put). Only :Busy entities, mentioned more than that many times
// in all (mention_put), can be one, so only they are read.
// Parameters: $tokens, $hub_reports, $place_reports, $place_kinds, $limit.
MATCH (y:Busy)
WITH y, reduce(n = 0, k IN [(y)-[:TALLY]->(t:Tally)
                            WHERE t.vis IS NOT NULL
                              AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
                            | t.reports] | n + k) AS reports
WHERE reports > CASE WHEN y.kind IN $place_kinds THEN $place_reports ELSE $hub_reports END
WITH y.key AS key
ORDER BY key
LIMIT $limit
// One row: the driver decodes one list of keys far faster than as many records.
RETURN collect(key) AS keys
