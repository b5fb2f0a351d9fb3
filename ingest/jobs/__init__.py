"""Durable ingest jobs: a queue in the store, and workers that claim and run its jobs.

    JobQueue.accept(principal, results)   the whole submission stored, or nothing (QueueFull)
    worker.Worker(queue, extractor).run(stop)   claim, ingest batch by batch, renew the lease

The invariants that make an accepted record land exactly once are in `queue`. The worker
is imported from `ingest.jobs.worker`, so that reading the queue never loads spaCy.
"""

from .queue import (
    MAX_ERRORS_KEPT,
    STATES,
    Job,
    JobError,
    JobPage,
    JobQueue,
    LeaseLost,
    QueueFull,
    RecordError,
    new_job_id,
)

__all__ = [
    "MAX_ERRORS_KEPT",
    "STATES",
    "Job",
    "JobError",
    "JobPage",
    "JobQueue",
    "LeaseLost",
    "QueueFull",
    "RecordError",
    "new_job_id",
]
