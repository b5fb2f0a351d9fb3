// Entity routes between two entities for k-shortest requests: every path of the two
// shortest lengths (all of them, so ties are never cut by storage order), as sequences of
// entity keys. The pattern and its filters are path_search's.
// Parameters: $source, $target (entity keys), $tokens, $max_hops, $hub_reports,
// $generic (list of keys), $include_hubs (boolean), $limit.
MATCH (s:Entity {key: $source})
MATCH (t:Entity {key: $target})
MATCH p = SHORTEST 2 GROUPS (s)(
  (x:Entity)-[l:CO_MENTION|POSSIBLY_SAME]-(y:Entity)
  WHERE l.vis IS NOT NULL
    AND all(c IN l.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND (NOT l:POSSIBLY_SAME
         OR NOT EXISTS {
           MATCH (j:Judgement {pair: startNode(l).key + '|' + endNode(l).key})
           WHERE j.verdict = 'rejected' AND j.vis IS NOT NULL
             AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
         })
    AND (y = t OR $include_hubs
         OR (NOT y.key IN $generic
             AND (COUNT { (y)<-[:MENTIONS]-() } <= $hub_reports
                  OR reduce(n = 0, k IN [(y)-[:TALLY]->(ht:Tally)
                                        WHERE ht.vis IS NOT NULL
                                          AND all(c IN ht.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
                                        | ht.reports] | n + k) <= $hub_reports)))
){1,6}(t)
WITH [n IN nodes(p) | n.key] AS route
WHERE size(route) <= $max_hops + 1
RETURN DISTINCT route
LIMIT $limit
