// Open alerts (state new or acknowledged) of a set of areas that the viewer may see.
// Parameters: $codes, $tokens.
MATCH (al:Alert)
WHERE al.area IN $codes AND al.state IN ['new', 'acknowledged']
  AND al.vis IS NOT NULL AND all(c IN al.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
RETURN count(al) AS open
