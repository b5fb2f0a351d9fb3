// One level of a neighbourhood expansion: the entities joined to the frontier by visible
// evidence and not yet seen, most strongly connected to the frontier first. Without
// $relations a link is a co-mention in a visible report or a visible, not rejected
// candidate; with $relations only visible stated relations of those kinds link. With a
// window, only reports (and relations stated in reports) dated inside it count, so the
// co-mentions are read from the reports; without one, from the visible CO_MENTIONs
// (mention_put), one per pair and label. Each entity says whether it is one of the viewer's
// hubs ($hubs: queries.hubs), which the caller does not expand further.
// Parameters: $frontier, $seen (lists of entity keys), $tokens, $kinds (kind labels or
// null), $relations (relation kinds or null), $since, $until (ISO datetimes or null),
// $hubs (list of keys), $limit.
UNWIND $frontier AS fk
MATCH (x:Entity {key: fk})
CALL (x) {
  MATCH (x)-[co:CO_MENTION]-(y:Entity)
  WHERE $relations IS NULL AND $since IS NULL AND $until IS NULL
    AND co.vis IS NOT NULL AND all(c IN co.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN y
  UNION
  MATCH (x)<-[:MENTIONS]-(r:Report)-[:MENTIONS]->(y:Entity)
  WHERE $relations IS NULL AND ($since IS NOT NULL OR $until IS NOT NULL) AND y <> x
    AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND ($since IS NULL OR r.reported_at >= datetime($since))
    AND ($until IS NULL OR r.reported_at < datetime($until))
  RETURN y
  UNION
  MATCH (x)-[rel:RELATED]-(y:Entity)
  WHERE $relations IS NOT NULL AND rel.kind IN $relations AND y <> x
    AND rel.vis IS NOT NULL
    AND all(c IN rel.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  MATCH (r:Report {id: rel.report})
  WHERE r.vis = rel.vis AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND ($since IS NULL OR r.reported_at >= datetime($since))
    AND ($until IS NULL OR r.reported_at < datetime($until))
  RETURN y
  UNION
  MATCH (x)-[cand:POSSIBLY_SAME]-(y:Entity)
  WHERE $relations IS NULL
    AND cand.vis IS NOT NULL
    AND all(c IN cand.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    AND NOT EXISTS {
      MATCH (j:Judgement {pair: startNode(cand).key + '|' + endNode(cand).key, vis: cand.vis})
      WHERE j.verdict = 'rejected' AND j.vis IS NOT NULL
        AND all(c IN j.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
    }
  RETURN y
}
WITH y, count(DISTINCT x) AS links
WHERE NOT y.key IN $seen AND ($kinds IS NULL OR y.kind IN $kinds)
ORDER BY links DESC, y.key
WITH collect({key: y.key, links: links, node: y}) AS found
UNWIND found[..$limit] AS item
WITH found, item, item.node AS y
RETURN size(found) AS total, item.key AS key, item.links AS links,
       y.key IN $hubs AS hub
