// Claims reports awaiting alert evaluation for $lease_s seconds: the ones named in $ids
// when given (the batch just written), else any, oldest first. A claim whose lease ran out
// (its evaluator died) is claimed again. The lock is taken (SET _lock) before the lease
// is re-read, so two evaluators never claim the same report.
// Parameters: $ids (list, empty for any), $lease_s, $limit.
MATCH (r:AlertPending)
WHERE (size($ids) = 0 OR r.id IN $ids)
  AND (r.alert_lease IS NULL OR r.alert_lease < datetime())
WITH r ORDER BY r.reported_at, r.id
LIMIT $limit
SET r._lock = true
WITH r
WHERE r:AlertPending AND (r.alert_lease IS NULL OR r.alert_lease < datetime())
SET r.alert_lease = datetime() + duration({seconds: $lease_s})
REMOVE r._lock
WITH r
OPTIONAL MATCH (r)-[:MENTIONS]->(e:Entity)
WITH r, collect(DISTINCT e.key)[..200] AS keys
RETURN r.id AS id, r.alert_mark AS mark, r.side AS side, r.area AS area, r.vis AS vis, r.level AS level, keys
