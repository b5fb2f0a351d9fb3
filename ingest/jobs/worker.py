"""A worker: claims ingest jobs from the queue and runs each through the ingest chain.

Workers are stateless: everything a job needs is in the store, so any number of them, in
any process on any machine that reaches the same Neo4j, share one queue. A worker holds a
lease on its job and renews it while it works; one that dies stops renewing, and once the
lease has run out another worker claims the job and resumes it at its first unwritten
batch (see `queue` for why no batch is written twice or skipped).

A worker stopping cleanly finishes the batch in hand and gives the job back to the queue.
A job fails (state `failed`, with the reason; the traceback is logged) when the chain
raises anything but a store outage: an outage is waited out by the chain, and beyond that
the job stays claimed until its lease runs out and it is resumed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from graph_service.store import StoreError, Tx
from ingest.extract import Extractor
from ingest.pipeline import Chunk, IngestSummary, ingest
from ingest.readers import ReadRecord
from ingest.writer import Touched

from .queue import Job, JobQueue, LeaseLost

__all__ = ["Worker", "worker_id"]

log = logging.getLogger(__name__)


def worker_id() -> str:
    """A name unique to one worker: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Worker:
    """Runs queued jobs one at a time until `stop` is set.

    `extractor` is called once, when there is first work, to build its spaCy pipeline.
    """

    queue: JobQueue
    extractor: Callable[[], Extractor]
    lease_s: float = 60.0
    poll_s: float = 1.0
    # Set by whoever just queued a job in this process, so that an idle worker claims it at
    # once instead of at its next poll; workers elsewhere find it by polling.
    wake: threading.Event = field(default_factory=threading.Event)
    # Told what each run of a job did (the reports it replaced are known only once written).
    on_summary: Callable[[Job, IngestSummary], None] | None = None
    # The pipeline's alert stage, given what each committed batch touched (graph_service.alerts).
    alert_stage: Callable[[Touched], None] | None = None
    id: str = field(default_factory=worker_id)
    _pipeline: Extractor | None = None

    @property
    def lease_ms(self) -> int:
        return int(self.lease_s * 1000)

    def run(self, stop: threading.Event) -> None:
        """Claim and run jobs until `stop` is set; a store outage is waited out.

        The pipeline is built once there is work, before the first claim: a worker that
        cannot build it (a missing model) raises having claimed nothing, instead of
        failing every job it would claim; no lease waits on a model load; and an API
        process with nothing to ingest never loads spaCy.
        """
        log.info("worker %s started", self.id)
        failures = 0
        while not stop.is_set():
            try:
                if self._pipeline is None and self.queue.claimable():
                    self._pipeline = self.extractor()
                worked = self._pipeline is not None and self.run_one(stop)
                failures = 0
            except StoreError as exc:
                log.warning("worker %s: the store is unavailable (%s); polling again", self.id, exc)
                worked, failures = False, failures + 1
            if not worked:
                # Polls back off while the store fails (at most 30 s apart), so that a
                # Neo4j which locks out failed logins is not kept locked.
                self.wake.wait(min(self.poll_s * 2 ** min(failures, 5), 30.0))
                self.wake.clear()
        log.info("worker %s stopped", self.id)

    def run_one(self, stop: threading.Event | None = None) -> bool:
        """Claim one job and run it; False when there was none to claim."""
        job = self.queue.claim(self.id, self.lease_ms)
        if job is None:
            return False
        log.info("worker %s: job %s from batch %d of %d", self.id, job.id, job.next_batch, job.batches)
        renewing = threading.Event()
        heartbeat = threading.Thread(
            target=self._renew, args=(job.id, renewing), name="nexus-job-lease", daemon=True
        )
        heartbeat.start()
        try:
            self._ingest(job, stop or threading.Event())
        except LeaseLost as exc:
            log.warning("worker %s: %s; leaving the job to its new owner", self.id, exc)
        except StoreError as exc:
            log.warning("worker %s: job %s paused by the store (%s); it resumes after its lease",
                        self.id, job.id, exc)
        except Exception as exc:  # a failed job records its reason and logs its traceback
            log.exception("worker %s: job %s failed", self.id, job.id)
            self.queue.fail(job.id, self.id, f"{type(exc).__name__}: {exc}")
        else:
            self.queue.release(job.id, self.id)  # a no-op once the job is done
        finally:
            renewing.set()
            heartbeat.join()
        return True

    def _ingest(self, job: Job, stop: threading.Event) -> None:
        self._pipeline = self._pipeline or self.extractor()  # run_one may be called alone

        def advance(tx: Tx, chunk: Chunk) -> None:
            self.queue.advance(
                tx, job.id, self.id, job.next_batch + chunk.index, ingested=chunk.written,
                # A record superseded by a later copy of the same id in its batch counts
                # as unchanged: the later copy is what was written.
                unchanged=chunk.size - chunk.rejected - chunk.written, lease_ms=self.lease_ms,
            )

        summary = ingest(
            self.queue.store, _until(stop, self.queue.records(job.id, job.next_batch, job.batches),
                                     job.batch_size),
            self._pipeline, batch_size=job.batch_size, writer=job.writer_viewer(), on_commit=advance,
            alert_stage=self.alert_stage,
        )
        if self.on_summary is not None:
            self.on_summary(job, summary)

    def _renew(self, job_id: str, done: threading.Event) -> None:
        while not done.wait(self.lease_s / 3):
            try:
                if not self.queue.heartbeat(job_id, self.id, self.lease_ms):
                    return  # done, released, or claimed by another worker: nothing to renew
            except StoreError as exc:
                log.warning("worker %s: lease of job %s not renewed: %s", self.id, job_id, exc)


def _until(stop: threading.Event, records: Iterator[ReadRecord], batch_size: int) -> Iterator[ReadRecord]:
    """`records` up to the end of the batch in hand once `stop` is set."""
    for n, record in enumerate(records):
        if n % batch_size == 0 and stop.is_set():
            return
        yield record
