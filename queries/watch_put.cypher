// Adds or replaces the watchlist entry of an entity key. An existing entry the caller may
// not see is left untouched and no row comes back.
// Parameters: $key, $reason, $level (int), $vis (CNF label), $by (principal id), $at (ISO
// datetime), $tokens.
OPTIONAL MATCH (old:Watch {key: $key})
WITH old
WHERE old IS NULL
   OR (old.vis IS NOT NULL AND all(c IN old.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens)))
MERGE (w:Watch {key: $key})
SET w.reason = $reason, w.level = $level, w.vis = $vis, w.added_by = $by, w.added_at = datetime($at)
RETURN w.key AS key, w.reason AS reason, w.level AS level, w.vis AS vis, w.added_by AS added_by,
       toString(w.added_at) AS added_at
