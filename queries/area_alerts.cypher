// Open alerts (state new or acknowledged) that the viewer may see, counted by area code,
// for a set of area codes: those of its viewer class (each class has its own copy of an
// alert it shares). Parameters: $codes, $class, $tokens.
MATCH (al:Alert {viewer_class: $class})
WHERE al.area IN $codes AND al.state IN ['new', 'acknowledged']
  AND al.vis IS NOT NULL AND all(c IN al.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN al.area AS code, count(al) AS open
ORDER BY code
