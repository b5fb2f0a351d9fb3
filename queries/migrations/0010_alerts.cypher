// Version 10: alerts (ARCHITECTURE §6). An alert is one per viewer class, rule, subject and
// counterpart (its id hashes them); its events are numbered per viewer class, so that a
// stream's cursor counts only what that class was told. Reports that await evaluation
// carry the :AlertPending label (set by the batch write), read through the label index.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE INDEX alert_class IF NOT EXISTS FOR (a:Alert) ON (a.viewer_class, a.updated_at);
CREATE CONSTRAINT alert_event IF NOT EXISTS FOR (e:AlertEvent) REQUIRE (e.viewer_class, e.seq) IS UNIQUE;
CREATE CONSTRAINT alert_seq IF NOT EXISTS FOR (s:AlertSeq) REQUIRE s.viewer_class IS UNIQUE;
