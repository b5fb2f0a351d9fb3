// Version 1: uniqueness constraints on every MERGE key, lookup indexes, full-text search.
// One statement per line-group, each idempotent (IF NOT EXISTS).
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (e:Entity) REQUIRE e.key IS UNIQUE;
CREATE CONSTRAINT area_code IF NOT EXISTS FOR (a:Area) REQUIRE a.code IS UNIQUE;
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT block_key IF NOT EXISTS FOR (b:Block) REQUIRE b.key IS UNIQUE;
CREATE CONSTRAINT judgement_pair IF NOT EXISTS FOR (j:Judgement) REQUIRE j.pair IS UNIQUE;
CREATE CONSTRAINT watch_key IF NOT EXISTS FOR (w:Watch) REQUIRE w.key IS UNIQUE;
CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE;
CREATE INDEX report_side IF NOT EXISTS FOR (r:Report) ON (r.side);
CREATE INDEX report_reported_at IF NOT EXISTS FOR (r:Report) ON (r.reported_at);
CREATE INDEX report_level IF NOT EXISTS FOR (r:Report) ON (r.level);
CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind);
CREATE INDEX related_report IF NOT EXISTS FOR ()-[r:RELATED]-() ON (r.report);
CREATE INDEX alert_state IF NOT EXISTS FOR (a:Alert) ON (a.state);
CREATE FULLTEXT INDEX mention_surface IF NOT EXISTS FOR ()-[m:MENTIONS]-() ON EACH [m.surface, m.value];
