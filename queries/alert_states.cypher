// The stored state of the alerts an evaluation is about to write (inside its write
// transaction, for its own viewer class: the ids hash the class in).
// No viewer filter: internal to the alert evaluator.
// Parameters: $ids.
UNWIND $ids AS id
MATCH (a:Alert {id: id})
RETURN a.id AS id, a.state AS state, a.notified_score AS notified_score, a.reports AS reports,
       a.history AS history, toString(a.created_at) AS created_at
