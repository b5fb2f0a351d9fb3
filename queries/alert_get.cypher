// One alert of the viewer's class, if the viewer may see it.
// Parameters: $id, $class, $tokens.
MATCH (a:Alert {id: $id})
WHERE a.viewer_class = $class
  AND a.vis IS NOT NULL AND all(c IN a.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN a {.*, created_at: toString(a.created_at), updated_at: toString(a.updated_at)} AS alert
LIMIT 1
