// The viewer's alerts (its viewer class's, each re-checked against its label), most
// recently updated first; one page and the total. Filters are null when not given.
// Parameters: $class, $tokens, $state, $rule, $area, $subject, $since (ISO datetime),
// $skip, $limit.
MATCH (a:Alert {viewer_class: $class})
WHERE a.vis IS NOT NULL AND all(c IN a.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
  AND ($state IS NULL OR a.state = $state) AND ($rule IS NULL OR a.rule = $rule)
  AND ($area IS NULL OR a.area = $area) AND ($subject IS NULL OR a.subject = $subject)
  AND ($since IS NULL OR a.updated_at >= datetime($since))
WITH a ORDER BY a.updated_at DESC, a.id
WITH collect(a) AS found
RETURN size(found) AS total,
       [x IN found[$skip..($skip + $limit)] | x {.*, created_at: toString(x.created_at),
                                                 updated_at: toString(x.updated_at)}] AS page
