"""Ingest jobs submitted over the API: queued, run one at a time, observable by id.

Jobs run in one worker thread of the API process with one spaCy pipeline, built on first
use. A job's record (progress, counts, per-record errors) is kept in memory for the life
of the process; rejected records are also written to the rejected-records store, which is
the durable copy.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph_service.audit import AuditEntry, AuditLog
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.visibility import Viewer
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import ReadResult, RejectedStore, Rejection
from ingest.writer import Touched

MAX_ERRORS_KEPT = 1000
MAX_JOBS_KEPT = 10_000


@dataclass
class Job:
    """One submitted batch and what became of it."""

    id: str
    principal: str
    total: int
    state: str = "queued"  # queued | running | done | failed
    processed: int = 0
    ingested: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[Rejection] = field(default_factory=list)
    failure: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    writer: Viewer | None = None  # whose reports: they replace only what it may read


class JobRegistry:
    """Queues ingest jobs on one worker thread and keeps their records."""

    def __init__(
        self, settings: Settings, store: Store, audit: AuditLog | None = None,
        alert_stage: Callable[[Touched], None] | None = None,
    ) -> None:
        self._settings = settings
        self._alert_stage = alert_stage
        self._store = store
        self._audit = audit
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nexus-ingest-job")
        self._extractor: Extractor | None = None
        self._rejected = RejectedStore(settings.var_dir / "rejected")

    def submit(self, principal: str, records: Sequence[ReadResult], writer: Viewer | None = None) -> Job:
        """Queue `records` (already read and checked) as a new job from `writer`."""
        job = Job(id=f"job-{uuid.uuid4().hex[:16]}", principal=principal, total=len(records), writer=writer)
        rejected = [item for item in records if isinstance(item, Rejection)]
        job.rejected = len(rejected)
        job.errors = rejected[:MAX_ERRORS_KEPT]
        self._rejected.extend(rejected)  # one append for the job, not one per record
        with self._lock:
            if len(self._jobs) >= MAX_JOBS_KEPT:
                oldest = min(self._jobs.values(), key=lambda j: j.created_at)
                del self._jobs[oldest.id]
            self._jobs[job.id] = job
        self._worker.submit(self._run, job, [r for r in records if not isinstance(r, Rejection)])
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, if this process knows it."""
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Finish queued jobs and stop the worker."""
        self._worker.shutdown(wait=True)

    def _run(self, job: Job, records: list[ReadResult]) -> None:
        job.state = "running"
        try:
            if self._extractor is None:
                self._extractor = Extractor(
                    self._settings.spacy_model, batch_size=self._settings.extract_batch_size
                )
            summary = ingest(
                self._store, records, self._extractor, batch_size=self._settings.write_batch_size,
                on_progress=lambda n: setattr(job, "processed", job.processed + n), writer=job.writer,
                alert_stage=self._alert_stage,
            )
            job.ingested, job.unchanged = summary.ingested, summary.unchanged
            if summary.replaced and self._audit is not None:
                # Which stored reports the job replaced is known only once it wrote them.
                self._audit.append(AuditEntry(
                    principal=job.principal, route="ingest job", method="WRITE",
                    params={"job": job.id}, status=200, changes=[
                        {"replaced": r.id, "old_vis": list(r.old_vis), "old_sha256": r.old_sha256,
                         "vis": list(r.vis), "new_sha256": r.new_sha256}
                        for r in summary.replaced
                    ],
                ))
            job.processed = job.total
            job.state = "done"
        except Exception as exc:  # a failed job is reported on its record, never lost
            job.state = "failed"
            job.failure = type(exc).__name__
            raise
        finally:
            job.finished_at = datetime.now(UTC)
