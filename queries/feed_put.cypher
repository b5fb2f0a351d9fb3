// Adds or updates a TAXII feed. An update keeps where the feed stopped (added_after).
// Operator data, not viewer-facing. Parameters: $feed: {name, url, user, password_env,
// default_marking, interval_s, per_page, max_objects}.
MERGE (f:Feed {name: $feed.name})
SET f.url = $feed.url, f.user = $feed.user, f.password_env = $feed.password_env,
    f.default_marking = $feed.default_marking, f.interval_s = $feed.interval_s,
    f.per_page = $feed.per_page, f.max_objects = $feed.max_objects
RETURN f.name AS name
