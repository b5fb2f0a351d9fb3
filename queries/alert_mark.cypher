// Marks the reports of a batch as awaiting alert evaluation, in the batch's own write
// transaction: a report the write acknowledges is either evaluated or still marked, so
// no alert is lost if the process dies between the write and the evaluation. A new mark
// (`alert_mark`) on a report being evaluated keeps it pending after that evaluation.
// Parameters: $ids: report ids.
UNWIND $ids AS id
MATCH (r:Report {id: id})
SET r:AlertPending, r.alert_mark = randomUUID()
REMOVE r.alert_lease
