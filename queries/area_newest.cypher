// When the newest visible report filed against a set of area codes before $before was
// reported (null if there is none): where a picture's default window ends. One index seek
// per code (report_area_reported_at), newest first, stopping at the first visible report.
// Parameters: $codes, $tokens, $before (ISO).
UNWIND $codes AS code
CALL (code) {
  MATCH (r:Report)
  WHERE r.area = code AND r.reported_at < datetime($before)
    AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  RETURN r.reported_at AS at
  ORDER BY at DESC
  LIMIT 1
}
RETURN toString(max(at)) AS newest
