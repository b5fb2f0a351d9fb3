// Recomputes the area-day tallies of the (area, UTC day) pairs a batch touched: one
// AreaDay per area code, day, report label, side and agency, holding how many reports of
// that area, day, label, side and agency there are. A picture sums the tallies a viewer may
// see over the whole days of its window instead of reading every report, so its cost
// follows the window's days, not the area's history; each report has exactly one label,
// so a viewer's sums equal the counts of the reports it may see. Recomputing a day from
// its reports (report_area_reported_at index) keeps the tallies exact whatever a batch
// replaced, for the cost of reading one day's reports of one area. The area node is
// written first, so that two batches touching the same area take turns instead of both
// recounting from what the other has not yet committed.
// Parameters: $touched: list of {area, at}: area code and reported_at (ISO) of each report
//             written and of each replaced report's previous version.
UNWIND $touched AS row
WITH DISTINCT row.area AS area, toInteger(floor(datetime(row.at).epochSeconds / 86400.0)) AS day
ORDER BY area, day
CALL (area) {
  MATCH (a:Area {code: area})
  SET a.tallied_at = datetime.transaction()
}
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
