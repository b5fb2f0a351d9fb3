// Open alerts (state new or acknowledged) of a set of areas that the viewer may see:
// those of its viewer class (each class has its own copy of an alert it shares).
// Parameters: $codes, $class, $tokens.
MATCH (al:Alert {viewer_class: $class})
WHERE al.area IN $codes AND al.state IN ['new', 'acknowledged']
  AND al.vis IS NOT NULL AND all(c IN al.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN count(al) AS open
