// Creates or updates alerts of one viewer class with what an evaluation found (the
// evaluator decided state, history and whether to notify from alert_states).
// Parameters: $class; $alerts: list of {id, rule, subject, subject_name, subject_kind,
//             counterpart, area, side, reports, path (JSON), score, notified_score, level,
//             vis, state, history (JSON strings), at (ISO datetime)}.
UNWIND $alerts AS a
MERGE (al:Alert {id: a.id})
ON CREATE SET al.created_at = datetime(a.at), al.viewer_class = $class
SET al.rule = a.rule, al.subject = a.subject, al.subject_name = a.subject_name,
    al.subject_kind = a.subject_kind, al.counterpart = a.counterpart, al.area = a.area,
    al.side = a.side, al.reports = a.reports, al.path = a.path, al.pointer = a.pointer,
    al.score = a.score, al.notified_score = a.notified_score, al.level = a.level,
    al.vis = a.vis, al.state = a.state, al.history = a.history, al.updated_at = datetime(a.at)
RETURN count(al) AS written
