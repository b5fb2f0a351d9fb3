"""The durable job queue: ingest jobs and their pending records, kept in Neo4j.

Invariants (each holds across the death of any process, because each is one transaction):

- A job exists only with all its records: `accept` writes the job and every batch of its
  records in one transaction, after checking the queue bound under the queue's lock, so a
  submission is either wholly accepted (and may be answered 202) or not at all.
- A job has at most one owner, the worker holding an unexpired lease. Claims are decided
  under the queue's lock; a lease is measured on Neo4j's clock, shared by every worker.
- A batch is written at most once and never skipped: its graph write, the job's progress
  (`next_batch`, the counts) and the removal of its pending records commit in one
  transaction, which first locks the job and checks that the worker still owns it and that
  the batch is the next one (`advance`). A worker that died mid-batch leaves nothing of it;
  the next owner resumes at `next_batch`.

Rejected records are part of the job's record from its acceptance (`errors`, the first
MAX_ERRORS_KEPT), so no worker ever sees them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from graph_service.settings import Settings
from graph_service.store import Store, Tx
from graph_service.visibility import Viewer
from ingest.errors import IngestError
from ingest.readers import ReadRecord, ReadResult, Rejection

from . import codec

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

MAX_ERRORS_KEPT = 1000
STATES = ("queued", "running", "done", "failed")


class JobError(IngestError):
    """Base of the job queue's errors."""


class QueueFull(JobError):
    """The queue holds as many unfinished jobs as it may; the submission was not accepted."""


class LeaseLost(JobError):
    """The worker no longer owns the job (its lease ran out and another worker claimed it)."""


@dataclass(frozen=True, slots=True)
class RecordError:
    """Why one record of a submission was rejected, and where it was."""

    location: str
    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Job:
    """A job's record as stored. `batches` of `batch_size` records are to be written;
    `next_batch` is the first not yet written. `errors` is empty in listings."""

    id: str
    principal: str
    state: str
    total: int
    processed: int
    ingested: int
    unchanged: int
    rejected: int
    errors: tuple[RecordError, ...]
    failure: str | None
    created: datetime
    started: datetime | None
    finished: datetime | None
    batches: int
    next_batch: int
    batch_size: int
    claims: int
    owner: str | None
    writer: tuple[str, ...] | None  # the submitter's tokens (None: the operator)

    def writer_viewer(self) -> Viewer | None:
        """The viewer the job's reports are written as (see ingest.writer)."""
        return None if self.writer is None else Viewer(self.principal, frozenset(self.writer))


@dataclass(frozen=True, slots=True)
class JobPage:
    """One page of jobs, newest first, the number in the whole list, and whether more
    follow the page."""

    items: tuple[Job, ...]
    total: int
    more: bool


def _native(value: Any) -> datetime | None:
    """A Neo4j temporal value as a Python datetime."""
    return None if value is None else value.to_native()


def _job(row: dict[str, Any]) -> Job:
    errors = tuple(
        RecordError(e["location"], e["field"], e["message"])
        for e in (json.loads(text) for text in row.get("errors") or ())
    )
    created = _native(row["created"])
    assert created is not None  # job_create always sets it
    return Job(
        id=row["id"], principal=row["principal"], state=row["state"], total=row["total"],
        processed=row["processed"], ingested=row["ingested"], unchanged=row["unchanged"],
        rejected=row["rejected"], errors=errors, failure=row["failure"], created=created,
        started=_native(row["started"]), finished=_native(row["finished"]),
        batches=row["batches"], next_batch=row["next_batch"], batch_size=row["batch_size"],
        claims=row["claims"], owner=row["owner"],
        writer=None if row.get("writer") is None else tuple(row["writer"]),
    )


def _error_json(rejection: Rejection) -> str:
    return json.dumps(
        {"location": rejection.location, "field": rejection.field, "message": rejection.message},
        ensure_ascii=False,
    )


def new_job_id() -> str:
    """A fresh job id (random: it is also the job's rejected-records file name)."""
    return f"job-{uuid.uuid4().hex[:16]}"


class JobQueue:
    """Ingest jobs in the store: accepted, claimed, advanced batch by batch, listed."""

    def __init__(self, store: Store, *, limit: int, batch_size: int) -> None:
        self.store = store
        self.limit = limit
        self.batch_size = batch_size

    @classmethod
    def from_settings(cls, settings: Settings, store: Store) -> JobQueue:
        """The queue with the deployment's bound and write batch size (every process that
        accepts, runs or reads jobs opens it alike)."""
        return cls(store, limit=settings.job_queue_limit, batch_size=settings.write_batch_size)

    def accept(
        self, principal: str, results: Sequence[ReadResult], job_id: str | None = None,
        writer: Viewer | None = None, retry_s: float | None = None,
    ) -> Job:
        """Store a submission (records read and validated, rejections) as a queued job.

        Raises QueueFull when `limit` jobs are unfinished, and StoreError when Neo4j fails
        (retrying for up to `retry_s`): in both cases nothing of the submission is stored.
        """
        records = [codec.dumps(r) for r in results if isinstance(r, ReadRecord)]
        rejections = [r for r in results if isinstance(r, Rejection)]
        created = datetime.now(UTC)
        it = iter(records)
        batches = [
            {"seq": seq, "records": chunk}
            for seq, chunk in enumerate(iter(lambda: list(islice(it, self.batch_size)), []))
        ]
        tokens = None if writer is None else sorted(writer.tokens)
        job = {
            "id": job_id or new_job_id(), "principal": principal, "writer": tokens, "total": len(results),
            "rejected": len(rejections), "errors": [_error_json(r) for r in rejections[:MAX_ERRORS_KEPT]],
            "batch_size": self.batch_size, "batches": len(batches), "created": created,
        }

        def work(tx: Tx) -> None:
            tx.run("job_queue_lock", {})
            if tx.run("job_open_count", {})[0]["open"] >= self.limit:
                raise QueueFull(f"{self.limit} jobs are waiting or running")
            tx.run("job_create", {"job": job, "batches": batches})

        self.store.transaction(work, retry_s=retry_s)
        # As job_create wrote it (not read back: once committed, the job is accepted, and a
        # failing read must not make it look refused).
        empty = not batches
        return Job(
            id=str(job["id"]), principal=principal, state="done" if empty else "queued",
            total=len(results), processed=len(rejections), ingested=0, unchanged=0,
            rejected=len(rejections),
            errors=tuple(RecordError(r.location, r.field, r.message) for r in rejections[:MAX_ERRORS_KEPT]),
            failure=None, created=created, started=None, finished=created if empty else None,
            batches=len(batches), next_batch=0, batch_size=self.batch_size, claims=0, owner=None,
            writer=None if tokens is None else tuple(tokens),
        )

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or None."""
        rows = self.store.read("job_get", {"id": job_id})
        return _job(rows[0]["job"]) if rows else None

    def list(
        self, *, principal: str | None, state: str | None, limit: int,
        after: tuple[datetime, str] | None = None,
    ) -> JobPage:
        """Jobs newest first (of one principal, in one state, when given), after `after`
        (the creation time and id of the last job of the previous page)."""
        row = self.store.read("job_list", {
            "principal": principal, "state": state, "limit": limit + 1,
            "before_created": after[0] if after else None, "before_id": after[1] if after else None,
        })[0]
        jobs = tuple(_job(item) for item in row["page"])
        return JobPage(jobs[:limit], row["total"], len(jobs) > limit)

    def claimable(self) -> bool:
        """Whether some job waits for a worker."""
        return bool(self.store.read("job_claimable", {})[0]["claimable"])

    def claim(self, worker: str, lease_ms: int) -> Job | None:
        """The oldest claimable job, now owned by `worker` for `lease_ms`, or None."""

        def work(tx: Tx) -> str | None:
            tx.run("job_queue_lock", {})
            rows = tx.run("job_claim", {"worker": worker, "lease_ms": lease_ms, "now": datetime.now(UTC)})
            return str(rows[0]["id"]) if rows else None

        job_id = self.store.transaction(work)
        # Read after the claim committed: a batch its previous owner committed meanwhile
        # (it held the job's lock) is counted in `next_batch`.
        return None if job_id is None else self.get(job_id)

    def heartbeat(self, job_id: str, worker: str, lease_ms: int) -> bool:
        """Extend the lease; False when the job is no longer the worker's."""
        rows = self.store.write("job_heartbeat", {"job": job_id, "worker": worker, "lease_ms": lease_ms})
        return bool(rows)

    def advance(self, tx: Tx, job_id: str, worker: str, seq: int, *, ingested: int, unchanged: int,
                lease_ms: int) -> None:
        """In the transaction writing batch `seq`: record it as written, or raise LeaseLost
        (which rolls the transaction back) unless the worker owns the job and `seq` is next."""
        tx.run("job_lock", {"job": job_id})
        rows = tx.run("job_advance", {
            "job": job_id, "worker": worker, "seq": seq, "ingested": ingested,
            "unchanged": unchanged, "lease_ms": lease_ms, "now": datetime.now(UTC),
        })
        if not rows:
            raise LeaseLost(f"job {job_id}: batch {seq} is not this worker's to write")

    def records(self, job_id: str, start: int, batches: int) -> Iterator[ReadRecord]:
        """The pending records of batches `start`..`batches - 1`, one batch read at a time."""
        for seq in range(start, batches):
            rows = self.store.read("job_batch_get", {"job": job_id, "seq": seq})
            if not rows:
                raise LeaseLost(f"job {job_id}: batch {seq} was written by another worker")
            yield from (codec.loads(text) for text in rows[0]["records"])

    def fail(self, job_id: str, worker: str, reason: str) -> bool:
        """Mark the worker's job failed with `reason`; False when it is no longer its job."""
        rows = self.store.write(
            "job_fail", {"job": job_id, "worker": worker, "reason": reason, "now": datetime.now(UTC)}
        )
        return bool(rows)

    def release(self, job_id: str, worker: str) -> bool:
        """Give the worker's unfinished job back to the queue; False when it is not its job."""
        return bool(self.store.write("job_release", {"job": job_id, "worker": worker}))

    def retry(self, job_id: str) -> bool:
        """Queue a failed job again (it resumes at its next unwritten batch); False when
        there is no such failed job."""
        return bool(self.store.write("job_retry", {"job": job_id}))
