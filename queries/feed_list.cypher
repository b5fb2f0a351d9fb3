// The TAXII feeds, by name. No viewer filter: operator data, not viewer-facing.
// Parameters: $limit.
MATCH (f:Feed)
RETURN f.name AS name, f.url AS url, f.user AS user, f.password_env AS password_env,
       f.default_marking AS default_marking, f.interval_s AS interval_s,
       f.per_page AS per_page, f.max_objects AS max_objects, f.added_after AS added_after,
       f.polled_at AS polled_at, f.last_objects AS last_objects
ORDER BY name
LIMIT $limit
