// Watchlist entries the viewer may see, newest first; one page and the total. An entity
// may have several (one per label); the label orders them when added at the same time.
// Parameters: $tokens, $skip, $limit.
MATCH (w:Watch)
WHERE w.vis IS NOT NULL AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
WITH w ORDER BY w.added_at DESC, w.key, w.vis
WITH collect({key: w.key, reason: w.reason, level: w.level, vis: w.vis,
              added_by: w.added_by, added_at: toString(w.added_at)}) AS rows
RETURN size(rows) AS total, rows[$skip..($skip + $limit)] AS page
