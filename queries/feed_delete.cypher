// Removes a TAXII feed (what it ingested stays). Parameters: $name.
MATCH (f:Feed {name: $name})
DELETE f
RETURN count(*) AS deleted
