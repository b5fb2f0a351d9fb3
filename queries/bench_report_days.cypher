// Benchmark input: where and when a sample of reports was filed (the rows a batch passes
// to area_day_put), ordered by content hash so that a corpus always gives the same sample.
// No viewer filter, not run by the product: the picture benchmark reads it.
// Parameters: $n.
MATCH (r:Report)
WHERE r.area IS NOT NULL
RETURN r.area AS area, toString(r.reported_at) AS at
ORDER BY r.sha256, r.id
LIMIT $n
