// The shortest entity routes between two entities: every path of the shortest length
// (all of them, so ties are never cut by storage order), as sequences of entity keys.
// A hop is a visible CO_MENTION (some report of that label mentions both ends:
// mention_put) or a visible, not rejected POSSIBLY_SAME candidate; a stated RELATED is
// always stated in a report that mentions both ends, so that co-mention reaches the same
// pair and the relation is read later as hop evidence. Two entities sharing an identifier
// are two hops through the identifier's entity. Every filter sits inside the pattern, so
// the search never takes a hidden co-mention, a hidden or rejected candidate, or a hub
// other than the target: $hubs, the viewer's hubs (queries.hubs, read before the search by
// viewer_hubs; empty when the caller includes hubs), so a step costs one set lookup.
// The search starts from the end with more co-mentions: Neo4j's shortest-path search
// costs far more when the busy end is its target (100k reports, a person to a border
// crossing: 1.2 s that way round, 0.1 s the other); routes come back source first.
// {1,6} relationships = 6 entity hops. Routes longer than the caller's hop limit are
// returned too (the caller drops them): that some route exists tells it whether a search
// of the next length group could find anything.
// Parameters: $source, $target (entity keys), $tokens, $hubs (list of keys), $limit.
MATCH (a:Entity {key: $source})
MATCH (b:Entity {key: $target})
WITH CASE WHEN COUNT { (a)-[:CO_MENTION]-() } >= COUNT { (b)-[:CO_MENTION]-() } THEN [a, b] ELSE [b, a] END AS ends
WITH ends[0] AS s, ends[1] AS t
MATCH p = ALL SHORTEST (s)(
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
RETURN DISTINCT CASE WHEN s.key = $source THEN keys ELSE reverse(keys) END AS route
LIMIT $limit
