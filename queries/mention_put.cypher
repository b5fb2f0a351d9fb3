// Links reports to the entities they mention, one relationship per mention span, and
// recomputes the tallies of every entity a mention was added to or (in $refresh) taken
// from. The report's old mentions were removed by report_put, so CREATE cannot duplicate.
// `born` is the birth year the report gives for a person (null otherwise): resolution
// reads it to tell namesakes apart (person_namesakes).
// Every pair of entities a report mentions gets a CO_MENTION carrying the report's label,
// one per pair and label, from the smaller key to the larger: routes are searched over
// these, one relationship an entity hop instead of two and one per label instead of one
// per report (path_search). Pairs are read back from the graph, so a report's mentions may
// arrive in any number of calls; report_put removes the pairs a replaced report alone gave.
// A tally sums up an entity's mentions in the reports of one label: their number by side,
// the newest five, the newest three per side and how often each name was written. A viewer's figures for
// the entity are the sums over the tallies it may see (node_info), which equal those over
// the reports it may see, because each report has exactly one label; reading a handful of
// tallies instead of every mention is what keeps a busy entity cheap to show. The oldest
// mention overall and per side (with the id and area of the oldest report per side) tell
// the area picture when an entity was first seen and when a window first put it on both
// sides.
// Parameters: $mentions: list of {report, vis (the report's id and label), key, surface,
//             start, end, sentence, confidence, role, value, valid, born}; $refresh: keys
//             of entities that lost mentions; $busy, $busy_place, $place_kinds:
//             domain.HUB_REPORTS, HUB_PLACE_REPORTS, PLACE_KINDS.
CALL () {
  UNWIND $mentions AS row
  MATCH (r:Report {id: row.report, vis: row.vis})
  MATCH (e:Entity {key: row.key})
  CREATE (r)-[:MENTIONS {surface: row.surface, start: row.start, end: row.end,
                         sentence: row.sentence, confidence: row.confidence, role: row.role,
                         value: row.value, valid: row.valid, born: row.born}]->(e)
}
// Each report's mentions are read once and each pair is formed once, in memory; a pair
// needs writing only when this call added one of its ends.
CALL () {
  UNWIND $mentions AS row
  WITH row.report AS id, row.vis AS vis, collect(DISTINCT row.key) AS added
  MATCH (r:Report {id: id, vis: vis})-[:MENTIONS]->(o:Entity)
  WITH r, added, collect(DISTINCT o) AS named
  UNWIND named AS a
  UNWIND named AS b
  WITH r, a, b
  WHERE a.key < b.key AND (a.key IN added OR b.key IN added)
  MERGE (a)-[:CO_MENTION {vis: r.vis}]->(b)
}
UNWIND $refresh + [row IN $mentions | row.key] AS key
WITH DISTINCT key
MATCH (e:Entity {key: key})
CALL (e) {
  OPTIONAL MATCH (e)-[:TALLY]->(old:Tally)
  DETACH DELETE old
}
CALL (e) {
  MATCH (r:Report)-[m:MENTIONS]->(e)
  WITH r, collect(coalesce(m.value, m.surface)) AS surfaces
  ORDER BY r.reported_at DESC, r.id
  WITH r.vis AS vis, count(r) AS reports, max(r.reported_at) AS newest,
       sum(CASE r.side WHEN 'LE' THEN 1 ELSE 0 END) AS le,
       sum(CASE r.side WHEN 'INTEL' THEN 1 ELSE 0 END) AS intel,
       max(CASE r.side WHEN 'LE' THEN r.reported_at END) AS newest_le,
       max(CASE r.side WHEN 'INTEL' THEN r.reported_at END) AS newest_intel,
       collect(CASE r.side WHEN 'LE' THEN r.id END)[..3] AS le_ids,
       collect(CASE r.side WHEN 'LE' THEN r.reported_at END)[..3] AS le_at,
       collect(CASE r.side WHEN 'INTEL' THEN r.id END)[..3] AS intel_ids,
       collect(CASE r.side WHEN 'INTEL' THEN r.reported_at END)[..3] AS intel_at,
       collect(r.id)[..5] AS ids, collect(r.reported_at)[..5] AS at,
       collect(surfaces) AS surfaces,
       min(r.reported_at) AS oldest,
       min(CASE r.side WHEN 'LE' THEN r.reported_at END) AS oldest_le,
       min(CASE r.side WHEN 'INTEL' THEN r.reported_at END) AS oldest_intel,
       last(collect(CASE r.side WHEN 'LE' THEN coalesce(r.area, '') END)) AS oldest_le_area,
       last(collect(CASE r.side WHEN 'LE' THEN r.id END)) AS oldest_le_id,
       last(collect(CASE r.side WHEN 'INTEL' THEN coalesce(r.area, '') END)) AS oldest_intel_area,
       last(collect(CASE r.side WHEN 'INTEL' THEN r.id END)) AS oldest_intel_id
  CALL (surfaces) {
    UNWIND surfaces AS per_report
    UNWIND per_report AS name
    WITH name, count(*) AS n
    ORDER BY name
    RETURN collect(name) AS names, collect(n) AS counts
  }
  CREATE (e)-[:TALLY]->(:Tally {
    vis: vis, reports: reports, newest: newest, le: le, intel: intel, newest_le: newest_le,
    newest_intel: newest_intel, le_ids: le_ids, le_at: le_at, intel_ids: intel_ids,
    intel_at: intel_at, ids: ids, at: at, names: names, counts: counts, oldest: oldest,
    oldest_le: oldest_le, oldest_intel: oldest_intel, oldest_le_area: oldest_le_area,
    oldest_intel_area: oldest_intel_area, oldest_le_id: oldest_le_id,
    oldest_intel_id: oldest_intel_id
  })
}
// Only an entity mentioned more than $busy times in all ($busy_place for a kind in
// $place_kinds) can be a hub for some viewer (viewer_hubs reads just these). The label
// stays when mentions are later taken away: viewer_hubs counts the visible reports anyway.
CALL (e) {
  WITH e WHERE COUNT { (e)<-[:MENTIONS]-() } > CASE WHEN e.kind IN $place_kinds THEN $busy_place ELSE $busy END
  SET e:Busy
}
// An entity that reports of both sides mention (under any labels) is a link for some
// viewers: its tallies are labelled :Sided, and the picture's new links (picture_links)
// read just these, not every tally a window put on one side. Which viewers see the link
// is still read from the tallies each may see.
CALL (e) {
  WITH e
  WHERE EXISTS { (e)-[:TALLY]->(a:Tally) WHERE a.le > 0 }
    AND EXISTS { (e)-[:TALLY]->(b:Tally) WHERE b.intel > 0 }
  MATCH (e)-[:TALLY]->(t:Tally)
  SET t:Sided
}
