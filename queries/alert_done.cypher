// Clears the mark of evaluated reports (in the transaction that stores their alerts).
// A report marked again since its claim (re-ingested) stays pending.
// Parameters: $done: list of {id, mark}.
UNWIND $done AS row
MATCH (r:Report {id: row.id})
WHERE r.alert_mark = row.mark
REMOVE r:AlertPending, r.alert_lease
