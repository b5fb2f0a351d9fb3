"""Ingest workers in this process: the API's own (`api_workers`) and `nexus worker`'s.

Each worker is a thread with its own spaCy pipeline, claiming jobs from the queue in the
store (ingest.jobs); a process runs as many as it is asked to, and more processes or
machines add more. Stopping sets one event: each worker finishes the batch in hand and
gives its job back to the queue.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from graph_service.audit import AuditEntry, AuditLog
from graph_service.settings import Settings
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.jobs import Job, JobQueue
from ingest.jobs.worker import Worker
from ingest.pipeline import IngestSummary
from ingest.writer import Touched

log = logging.getLogger(__name__)


class Workers:
    """`count` worker threads on the queue of `store`, started at once."""

    def __init__(
        self, settings: Settings, store: Store, count: int, audit: AuditLog | None = None,
        alert_stage: Callable[[Touched], None] | None = None,
    ) -> None:
        self._stop = threading.Event()
        queue = JobQueue.from_settings(settings, store)

        def audited(job: Job, summary: IngestSummary) -> None:
            if summary.replaced and audit is not None:
                # Which stored reports a job replaced is known only once it wrote them.
                audit.append(AuditEntry(
                    principal=job.principal, route="ingest job", method="WRITE",
                    params={"job": job.id}, status=200, changes=[
                        {"replaced": r.id, "old_vis": list(r.old_vis), "old_sha256": r.old_sha256,
                         "vis": list(r.vis), "new_sha256": r.new_sha256}
                        for r in summary.replaced
                    ],
                ))

        def extractor() -> Extractor:
            return Extractor(
                settings.spacy_model, batch_size=settings.extract_batch_size,
                n_process=settings.extract_processes,
            )

        self._wake = threading.Event()
        self.workers = [
            Worker(queue, extractor, lease_s=settings.job_lease_s, poll_s=settings.job_poll_s,
                   wake=self._wake, on_summary=audited, alert_stage=alert_stage)
            for _ in range(count)
        ]
        self.failed: list[BaseException] = []
        self._threads = [
            threading.Thread(target=self._run, args=(w,), name=f"nexus-worker-{n}", daemon=True)
            for n, w in enumerate(self.workers)
        ]
        for thread in self._threads:
            thread.start()

    def _run(self, worker: Worker) -> None:
        try:
            worker.run(self._stop)
        except Exception as exc:  # a worker that cannot start (no model): said, and kept
            log.exception("ingest worker %s could not run", worker.id)
            self.failed.append(exc)

    def wake(self) -> None:
        """Tell idle workers that a job was just queued (they would find it at their next poll)."""
        self._wake.set()

    def stop(self, *, wait: bool = True) -> None:
        """Let each worker finish its batch and give its job back; wait for them if asked."""
        self._stop.set()
        self._wake.set()
        if wait:
            self.wait()

    def wait(self) -> None:
        """Block until every worker has stopped (they stop after `stop`)."""
        for thread in self._threads:
            while thread.is_alive():
                thread.join(0.5)
