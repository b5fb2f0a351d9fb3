// Removes the watchlist entries of an entity key that the caller may see; entries under
// labels they may not see stay, and are not counted.
// Parameters: $key, $tokens.
MATCH (w:Watch {key: $key})
WHERE w.vis IS NOT NULL AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
DELETE w
RETURN count(*) AS deleted
