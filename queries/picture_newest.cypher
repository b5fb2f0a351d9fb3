// When the newest visible report of any area before $before was reported (null if there is
// none): where the national picture's default window ends. The report_reported_at index
// gives reports newest first; the scan stops at the first one the viewer may see.
// Parameters: $tokens, $before (ISO).
MATCH (r:Report)
WHERE r.reported_at < datetime($before)
  AND r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN toString(r.reported_at) AS newest
ORDER BY r.reported_at DESC
LIMIT 1
