// Nexus routes of up to three entity hops ({1,6} relationships): nexus_search, one hop
// deeper, for requests that ask for it (a third hop finds ten times the routes or more).
// A start in the law-enforcement role ($starts[i].le) reaches intelligence subjects:
// entities a visible watchlist entry names, or of a kind in $subject_kinds that a visible
// INTEL report mentions. A start in the intelligence role ($starts[i].intel) reaches
// entities of those kinds that a visible LE report mentions. Hops and filters are those of
// path_search: co-mentions through visible reports and visible, not rejected candidates;
// hubs neither bridge nor end a route unless $include_hubs.
// Parameters: $starts (list of {key, le, intel}), $subject_kinds, $tokens, $max_hops,
// $hub_reports, $generic, $include_hubs, $limit.
UNWIND $starts AS start
MATCH (s:Entity {key: start.key})
MATCH p = ALL SHORTEST (s)(
  (x)-[l:MENTIONS|POSSIBLY_SAME]-(y)
  WHERE (y:Entity OR (y:Report AND y.vis IS NOT NULL
                      AND all(c IN y.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))))
    AND (NOT l:MENTIONS
         OR NOT EXISTS { MATCH (x)-[l2:MENTIONS]-(y) WHERE elementId(l2) < elementId(l) })
    AND (NOT l:POSSIBLY_SAME
         OR (l.vis IS NOT NULL
             AND all(c IN l.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
             AND NOT EXISTS {
               MATCH (j:Judgement {pair: startNode(l).key + '|' + endNode(l).key})
               WHERE j.verdict = 'rejected' AND j.vis IS NOT NULL
                 AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
             }))
    AND (y:Report OR $include_hubs
         OR (NOT y.key IN $generic
             AND (COUNT { (y)<-[:MENTIONS]-() } <= $hub_reports OR NOT EXISTS {
               MATCH (y)<-[:MENTIONS]-(hr:Report)
               WHERE hr.vis IS NOT NULL
                 AND all(c IN hr.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
               WITH DISTINCT hr SKIP $hub_reports
               RETURN 1
             })))
){1,6}(t:Entity)
WHERE t <> s
  AND ((start.le AND (
          (t.kind IN $subject_kinds AND EXISTS {
            MATCH (t)<-[:MENTIONS]-(ir:Report {side: 'INTEL'})
            WHERE ir.vis IS NOT NULL
              AND all(c IN ir.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
          })
          OR EXISTS {
            MATCH (w:Watch {key: t.key})
            WHERE w.vis IS NOT NULL
              AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
          }))
    OR (start.intel AND t.kind IN $subject_kinds AND EXISTS {
          MATCH (t)<-[:MENTIONS]-(lr:Report {side: 'LE'})
          WHERE lr.vis IS NOT NULL
            AND all(c IN lr.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
        }))
WITH [n IN nodes(p) WHERE n:Entity | n.key] AS route
WHERE size(route) <= $max_hops + 1
RETURN DISTINCT route
LIMIT $limit
