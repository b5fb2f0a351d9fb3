// Adds a watchlist entry for an entity key under a label, or replaces the entry under that
// same label. Entries under other labels, visible to the caller or not, are left alone: the
// caller satisfies $vis (checked before), so the only entry this can change is one they see.
// Parameters: $key, $reason, $level (int), $vis (CNF label), $by (principal id), $at (ISO
// datetime).
MERGE (w:Watch {key: $key, vis: $vis})
SET w.reason = $reason, w.level = $level, w.added_by = $by, w.added_at = datetime($at)
RETURN w.key AS key, w.reason AS reason, w.level AS level, w.vis AS vis, w.added_by AS added_by,
       toString(w.added_at) AS added_at
