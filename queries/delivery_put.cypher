// The outbox: one pending delivery per new alert event and active subscription of the
// same viewer class whose filters it passes, written in the transaction that records the
// event, so an event is never told without its deliveries. The delivery's id is the
// webhook-id the receiver deduplicates on; it stays the same over every retry.
// Parameters: $class; $events: list of {seq, alert, rule, area, score, payload (JSON)};
// $at (ISO datetime).
UNWIND $events AS ev
MATCH (s:Subscription {viewer_class: $class})
WHERE s.active
  AND (s.rules IS NULL OR ev.rule IN s.rules) AND (s.areas IS NULL OR ev.area IN s.areas)
  AND ev.score >= coalesce(s.min_score, 0.0)
CREATE (d:Delivery {
  id: 'msg_' + replace(randomUUID(), '-', ''), subscription: s.id, viewer_class: $class,
  seq: ev.seq, alert: ev.alert, payload: ev.payload, state: 'pending', attempts: 0,
  created_at: datetime($at), next_at: datetime($at)
})
RETURN count(d) AS queued
