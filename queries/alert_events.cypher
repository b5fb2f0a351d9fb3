// The viewer class's alert events after $after, oldest first, each with its alert as it
// is now (re-checked against its label).
// Parameters: $class, $tokens, $after, $limit.
MATCH (e:AlertEvent {viewer_class: $class})
WHERE e.seq > $after
WITH e ORDER BY e.seq
LIMIT $limit
MATCH (a:Alert {id: e.alert})
WHERE a.viewer_class = $class
  AND a.vis IS NOT NULL AND all(c IN a.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN e.seq AS seq,
       a {.*, created_at: toString(a.created_at), updated_at: toString(a.updated_at)} AS alert
