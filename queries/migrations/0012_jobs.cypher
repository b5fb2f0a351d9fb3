// Version 12: durable ingest jobs (ingest.jobs). A Job holds the record of one accepted
// submission (state, counts, errors, lease); its records wait in JobBatch nodes, one per
// write batch, until the batch is written; JobQueue is the one node every acceptance and
// claim locks first, so that the queue bound and job ownership are decided one at a time.
CREATE CONSTRAINT job_id IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE;
CREATE CONSTRAINT job_batch_key IF NOT EXISTS FOR (b:JobBatch) REQUIRE b.key IS UNIQUE;
CREATE CONSTRAINT job_queue_name IF NOT EXISTS FOR (q:JobQueue) REQUIRE q.name IS UNIQUE;
CREATE INDEX job_state IF NOT EXISTS FOR (j:Job) ON (j.state);
CREATE INDEX job_principal IF NOT EXISTS FOR (j:Job) ON (j.principal);
