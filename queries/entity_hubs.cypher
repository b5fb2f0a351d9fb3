// Which of the given entities are hubs: named by more than $max_mentions mentions, too
// common to corroborate a resolution decision. Internal to ingest.
// Parameters: $keys: list of entity keys; $max_mentions.
UNWIND $keys AS key
MATCH (x:Entity {key: key})
WHERE COUNT { (x)<-[:MENTIONS]-() } > $max_mentions
RETURN key
