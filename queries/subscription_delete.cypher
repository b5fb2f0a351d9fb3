// Deletes a principal's subscription and its deliveries, sent or not.
// Parameters: $id, $principal.
MATCH (s:Subscription {id: $id, principal: $principal})
OPTIONAL MATCH (d:Delivery {subscription: s.id})
DETACH DELETE d
WITH DISTINCT s
DETACH DELETE s
RETURN count(*) AS deleted
