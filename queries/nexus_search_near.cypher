// Nexus routes of one entity hop: nexus_search for requests that ask for one hop only,
// and for hub starts (nexus.py, with a smaller $limit). A plain expansion of the start's
// own links: the bounded shortest-path search would expand a second hop before cutting
// it off, and from a busy start that second hop is most of the graph.
// Ends, hops and filters are those of nexus_search: a start in the law-enforcement role
// ($starts[i].le) reaches intelligence subjects (entities a visible watchlist entry names,
// or of a kind in $subject_kinds that a visible INTEL report mentions); one in the
// intelligence role ($starts[i].intel) reaches entities of those kinds that a visible LE
// report mentions; over visible co-mentions and visible, not rejected candidates; hubs do
// not end a route ($hubs: see path_search).
// Parameters: $starts (list of {key, le, intel}), $subject_kinds, $tokens, $hubs, $limit.
UNWIND $starts AS start
MATCH (s:Entity {key: start.key})-[l:CO_MENTION|POSSIBLY_SAME]-(t:Entity)
WHERE t <> s AND NOT t.key IN $hubs
  AND l.vis IS NOT NULL
  AND all(c IN l.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  AND (NOT l:POSSIBLY_SAME
       OR NOT EXISTS {
         MATCH (j:Judgement {pair: startNode(l).key + '|' + endNode(l).key, vis: l.vis})
         WHERE j.verdict = 'rejected' AND j.vis IS NOT NULL
           AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
       })
WITH DISTINCT start, s, t
// The end's visible tallies (mention_put) say which sides mention it and how recently.
WITH start, s, t, [(t)-[:TALLY]->(n:Tally)
                   WHERE n.vis IS NOT NULL
                     AND all(c IN n.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
                   | n] AS tallies
WHERE (start.le AND (
        (t.kind IN $subject_kinds AND any(n IN tallies WHERE n.intel > 0))
        OR EXISTS {
          MATCH (w:Watch {key: t.key})
          WHERE w.vis IS NOT NULL
            AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
        }))
   OR (start.intel AND t.kind IN $subject_kinds AND any(n IN tallies WHERE n.le > 0))
// Cut at $limit, the routes to the most recently reported ends are kept (recency weighs
// in every score), the same ones every time.
WITH s, t, reduce(newest = NULL, n IN tallies
                  | CASE WHEN newest IS NULL OR n.newest > newest THEN n.newest ELSE newest END)
           AS newest
ORDER BY newest DESC, t.key
RETURN [s.key, t.key] AS route
LIMIT $limit
