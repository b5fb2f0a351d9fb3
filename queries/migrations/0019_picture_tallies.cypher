// Version 19: the picture's tallies (see area_day_put and mention_put, which keep them
// from then on), computed here once for the graph already there: the area-day tallies of
// every area and day that has reports, and each entity tally's oldest mention overall and
// per side, with the id and area of the oldest report per side.
MATCH (r:Report)
WHERE r.area IS NOT NULL
WITH DISTINCT r.area AS area, toInteger(floor(r.reported_at.epochSeconds / 86400.0)) AS day
CALL (area, day) {
  CALL (area, day) {
    OPTIONAL MATCH (old:AreaDay {area: area, day: day})
    DELETE old
  }
  CALL (area, day) {
    MATCH (r:Report)
    WHERE r.area = area
      AND r.reported_at >= datetime({epochSeconds: day * 86400})
      AND r.reported_at < datetime({epochSeconds: (day + 1) * 86400})
    WITH r.vis AS vis, r.side AS side, coalesce(r.agency, '') AS agency, count(r) AS reports
    CREATE (:AreaDay {area: area, day: day, vis: vis, side: side, agency: agency, reports: reports})
  }
} IN TRANSACTIONS OF 500 ROWS;
MATCH (e:Entity)
CALL (e) {
  MATCH (e)-[:TALLY]->(t:Tally)
  CALL (e, t) {
    MATCH (r:Report)-[:MENTIONS]->(e)
    WHERE r.vis = t.vis
    WITH DISTINCT r
    ORDER BY r.reported_at DESC, r.id
    RETURN min(r.reported_at) AS oldest,
           min(CASE r.side WHEN 'LE' THEN r.reported_at END) AS oldest_le,
           min(CASE r.side WHEN 'INTEL' THEN r.reported_at END) AS oldest_intel,
           last(collect(CASE r.side WHEN 'LE' THEN coalesce(r.area, '') END)) AS oldest_le_area,
           last(collect(CASE r.side WHEN 'LE' THEN r.id END)) AS oldest_le_id,
           last(collect(CASE r.side WHEN 'INTEL' THEN coalesce(r.area, '') END)) AS oldest_intel_area,
           last(collect(CASE r.side WHEN 'INTEL' THEN r.id END)) AS oldest_intel_id
  }
  SET t.oldest = oldest, t.oldest_le = oldest_le, t.oldest_intel = oldest_intel,
      t.oldest_le_area = oldest_le_area, t.oldest_intel_area = oldest_intel_area,
      t.oldest_le_id = oldest_le_id, t.oldest_intel_id = oldest_intel_id
} IN TRANSACTIONS OF 500 ROWS;
