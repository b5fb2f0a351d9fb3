"""`nexus worker` and `nexus jobs list|show|retry`: ingest workers and the job records.

A `nexus worker` process runs ingest workers on the job queue of the configured Neo4j,
beside the API's own; start one per core, here or on any machine that reaches the same
Neo4j. SIGTERM or Ctrl-C stops it cleanly: the batch in hand is finished and the job goes
back to the queue. SIGKILL loses nothing either: the job resumes elsewhere once its lease
runs out.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate
from ingest.jobs import STATES, Job, JobQueue

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
jobs_app = typer.Typer(no_args_is_help=True, help="Ingest jobs submitted over the API.")


def worker_command(
    threads: Annotated[
        int, typer.Option(min=1, help="Workers in this process (one spaCy pipeline each).")
    ] = 1,
) -> None:
    """Run ingest workers on the job queue until stopped (SIGTERM, Ctrl-C)."""
    # Imported here so that `nexus jobs ...` and every other command do not load spaCy.
    from graph_service.audit import AuditLog
    from graph_service.jobs import Workers

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    store = open_store(settings, start_local=False)
    try:
        migrate(store)
        workers = Workers(settings, store, threads, AuditLog.from_settings(settings))
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: workers.stop(wait=False))
        names = ", ".join(w.id for w in workers.workers)
        console.print(f"{threads} ingest worker(s) running on {store.uri}: {names}")
        workers.wait()
    finally:
        store.close()
    if workers.failed:
        console.print(f"[red]error:[/red] a worker could not run: {workers.failed[0]}")
        raise typer.Exit(1)


@contextmanager
def _queue() -> Iterator[JobQueue]:
    """The job queue on the configured Neo4j (never started here), for one command."""
    settings = get_settings()
    store = open_store(settings, start_local=False)
    try:
        yield JobQueue.from_settings(settings, store)
    finally:
        store.close()


def _row(job: Job) -> list[str]:
    return [
        job.id, job.principal, job.state, f"{job.processed}/{job.total}", str(job.ingested),
        str(job.unchanged), str(job.rejected), f"{job.created:%Y-%m-%d %H:%M:%S}", job.failure or "",
    ]


@jobs_app.command("list")
def jobs_list(
    state: Annotated[str | None, typer.Option(help=f"Only jobs in this state ({', '.join(STATES)}).")] = None,
    principal: Annotated[str | None, typer.Option(help="Only jobs submitted by this principal id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many, newest first.")] = 50,
) -> None:
    """List ingest jobs, newest first."""
    if state is not None and state not in STATES:
        console.print(f"[red]error:[/red] --state must be one of {', '.join(STATES)}, not {state!r}")
        raise typer.Exit(2)
    with _queue() as queue:
        page = queue.list(principal=principal, state=state, limit=limit)
    table = Table(title=f"ingest jobs ({len(page.items)} of {page.total})")
    for name in ("id", "principal", "state", "processed", "ingested", "unchanged", "rejected",
                 "created (UTC)", "failure"):
        table.add_column(name)
    for job in page.items:
        table.add_row(*_row(job))
    out.print(table)


@jobs_app.command("show")
def jobs_show(job_id: Annotated[str, typer.Argument(help="The job's id (job-...).")]) -> None:
    """One job's record: state, counts, lease, failure and per-record errors."""
    with _queue() as queue:
        job = queue.get(job_id)
    if job is None:
        console.print(f"[red]error:[/red] no job {job_id!r}")
        raise typer.Exit(1)
    for name in ("id", "principal", "state", "total", "processed", "ingested", "unchanged", "rejected",
                 "batches", "next_batch", "claims", "owner", "created", "started", "finished", "failure"):
        out.print(f"{name}: {getattr(job, name)}")
    for error in job.errors:
        field = f" field {error.field!r}:" if error.field else ""
        out.print(f"rejected {error.location}:{field} {error.message}")


@jobs_app.command("retry")
def jobs_retry(job_id: Annotated[str, typer.Argument(help="The failed job's id.")]) -> None:
    """Queue a failed job again: it resumes at its first unwritten batch."""
    with _queue() as queue:
        retried = queue.retry(job_id)
    if not retried:
        console.print(f"[red]error:[/red] no failed job {job_id!r}")
        raise typer.Exit(1)
    console.print(f"job {job_id} queued again")
