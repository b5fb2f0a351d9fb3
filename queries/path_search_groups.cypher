// Entity routes between two entities for k-shortest requests: every path of the two
// shortest lengths (all of them, so ties are never cut by storage order), as sequences of
// entity keys. The pattern, its filters and the busier end first are path_search's.
// Parameters: $source, $target (entity keys), $tokens, $max_hops, $hubs (list of keys),
// $limit.
MATCH (a:Entity {key: $source})
MATCH (b:Entity {key: $target})
WITH CASE WHEN COUNT { (a)-[:CO_MENTION]-() } >= COUNT { (b)-[:CO_MENTION]-() } THEN [a, b] ELSE [b, a] END AS ends
WITH ends[0] AS s, ends[1] AS t
MATCH p = SHORTEST 2 GROUPS (s)(
  (x:Entity)-[l:CO_MENTION|POSSIBLY_SAME]-(y:Entity)
  WHERE l.vis IS NOT NULL
    AND all(c IN l.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND (NOT l:POSSIBLY_SAME
         OR NOT EXISTS {
           MATCH (j:Judgement {pair: startNode(l).key + '|' + endNode(l).key, vis: l.vis})
           WHERE j.verdict = 'rejected' AND j.vis IS NOT NULL
             AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
         })
    AND (y = t OR NOT y.key IN $hubs)
){1,6}(t)
WITH s, [n IN nodes(p) | n.key] AS keys
WHERE size(keys) <= $max_hops + 1
RETURN DISTINCT CASE WHEN s.key = $source THEN keys ELSE reverse(keys) END AS route
LIMIT $limit
