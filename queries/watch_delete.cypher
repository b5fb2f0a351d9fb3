// Removes the watchlist entry of an entity key if the caller may see it.
// Parameters: $key, $tokens.
MATCH (w:Watch {key: $key})
WHERE w.vis IS NOT NULL AND all(c IN w.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))
DELETE w
RETURN count(*) AS deleted
