// The labels of the visible reports among $ids (for the label of a fact derived from them).
// Parameters: $ids, $tokens.
UNWIND $ids AS id
MATCH (r:Report {id: id})
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN r.id AS id, r.vis AS vis, r.level AS level
LIMIT 1000
