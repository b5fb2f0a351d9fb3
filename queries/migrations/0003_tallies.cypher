// Version 3: per-label tallies of every entity's mentions (see mention_put, which keeps
// them from then on), computed here once for the entities already in the graph.
MATCH (e:Entity)
CALL (e) {
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
         collect(surfaces) AS surfaces
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
      intel_at: intel_at, ids: ids, at: at, names: names, counts: counts
    })
  }
} IN TRANSACTIONS OF 500 ROWS;
