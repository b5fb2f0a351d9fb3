// Visible reports filed against a set of area codes in time spans, counted by area code,
// span, side and (with $by_agency) agency. The whole UTC days of a span are summed from the
// area-day tallies the viewer may see (area_day_put); the part-days at its ends are read
// from the reports themselves (report_area_reported_at index). Rows of one code, span,
// side and agency may come from both halves: the caller adds them up.
// Parameters: $codes (area codes), $tokens, $by_agency (bool),
//             $days: list of {span, first, last}: whole days first..last-1 (days since
//             1970-01-01 UTC) counted towards `span`;
//             $edges: list of {span, since, until} (ISO): part-days counted towards `span`.
UNWIND $codes AS code
UNWIND $days AS s
MATCH (t:AreaDay)
WHERE t.area = code AND t.day >= s.first AND t.day < s.last
  AND t.vis IS NOT NULL AND all(c IN t.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN code, s.span AS span, t.side AS side,
       CASE WHEN $by_agency THEN t.agency ELSE '' END AS agency, sum(t.reports) AS reports
UNION ALL
UNWIND $codes AS code
UNWIND $edges AS s
MATCH (r:Report)
WHERE r.area = code AND r.reported_at >= datetime(s.since) AND r.reported_at < datetime(s.until)
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN code, s.span AS span, r.side AS side,
       CASE WHEN $by_agency THEN coalesce(r.agency, '') ELSE '' END AS agency, count(r) AS reports
