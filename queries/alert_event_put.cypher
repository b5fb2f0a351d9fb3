// Numbers new events of one viewer class: its counter is raised in one SET, which takes
// the counter's write lock before reading it, so concurrent evaluators never reuse a
// number. Numbers are per class, so a stream's cursor counts only that class's events.
// Parameters: $class, $alerts (alert ids, in event order, non-empty), $at (ISO datetime).
MERGE (s:AlertSeq {viewer_class: $class})
ON CREATE SET s.n = 0
SET s.n = s.n + size($alerts)
WITH s.n - size($alerts) AS base
UNWIND range(0, size($alerts) - 1) AS i
CREATE (e:AlertEvent {viewer_class: $class, seq: base + i + 1, alert: $alerts[i], at: datetime($at)})
RETURN e.seq AS seq, e.alert AS alert
