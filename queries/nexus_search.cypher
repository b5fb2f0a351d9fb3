// Nexus routes of up to two entity hops: from each start entity, the shortest routes (all
// of them, so ties are not cut by storage order) to every entity on the other side of the
// LE/intelligence divide. nexus_search_deep is the same search
// three hops deep.
// A start in the law-enforcement role ($starts[i].le) reaches intelligence subjects:
// entities a visible watchlist entry names, or of a kind in $subject_kinds that a visible
// INTEL report mentions. A start in the intelligence role ($starts[i].intel) reaches
// entities of those kinds that a visible LE report mentions. Hops and filters are those of
// path_search: visible co-mentions and visible, not rejected candidates; hubs neither
// bridge nor end a route ($hubs: see path_search).
// Which sides' visible reports mention an entity, and how many, is read from its tallies
// (mention_put: one per label of its reports, with counts by side), not from its reports.
// Parameters: $starts (list of {key, le, intel}), $subject_kinds, $tokens, $max_hops,
// $hubs, $limit.
UNWIND $starts AS start
MATCH (s:Entity {key: start.key})
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
    AND NOT y.key IN $hubs
){1,2}(t:Entity)
WHERE t <> s
  AND ((start.le AND (
          (t.kind IN $subject_kinds AND EXISTS {
            MATCH (t)-[:TALLY]->(it:Tally)
            WHERE it.intel > 0 AND it.vis IS NOT NULL
              AND all(c IN it.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
          })
          OR EXISTS {
            MATCH (w:Watch {key: t.key})
            WHERE w.vis IS NOT NULL
              AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
          }))
    OR (start.intel AND t.kind IN $subject_kinds AND EXISTS {
          MATCH (t)-[:TALLY]->(lt:Tally)
          WHERE lt.le > 0 AND lt.vis IS NOT NULL
            AND all(c IN lt.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
        }))
WITH [n IN nodes(p) | n.key] AS route
WHERE size(route) <= $max_hops + 1
RETURN DISTINCT route
LIMIT $limit
