// Records a committed poll of a TAXII feed: where it stopped (the date_added of the last
// object it read, unchanged when it read none) and when. Parameters: $name, $added_after,
// $polled_at, $objects.
MATCH (f:Feed {name: $name})
SET f.added_after = coalesce($added_after, f.added_after), f.polled_at = $polled_at,
    f.last_objects = $objects
RETURN f.added_after AS added_after
