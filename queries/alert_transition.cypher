// Moves an alert of the viewer's class from one of $from to $state, appending the
// history entry; nothing when it is not there, hidden, or in another state.
// Parameters: $id, $class, $tokens, $from (states), $state, $entry (JSON), $at.
MATCH (a:Alert {id: $id})
WHERE a.viewer_class = $class AND a.state IN $from
  AND a.vis IS NOT NULL AND all(c IN a.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
SET a.state = $state, a.history = a.history + $entry, a.updated_at = datetime($at)
RETURN a {.*, created_at: toString(a.created_at), updated_at: toString(a.updated_at)} AS alert
