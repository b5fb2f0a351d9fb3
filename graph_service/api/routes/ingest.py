"""Report submission over HTTP: `POST /v1/ingest` stores a job, `/v1/jobs` shows jobs.

Records are read and validated by the same readers as `nexus ingest`, so the same record
gets the same error from either door. A principal may only submit reports it could read
back (its viewer satisfies their label), unless it is configured as a cross-domain feed.
A body that cannot be read as a document of its media type at all is refused with a 422;
otherwise each record is judged on its own, and a bad one is rejected on the job.

Accepted means durable: the 202 is sent only once the job, every record as read and
validated, and the submitting principal are committed to the store (ingest.jobs), so no
process death can lose an accepted record. A full queue, or a store that fails while
accepting, is a 503 with Retry-After, and nothing of the submission is kept.

A job's record is shown to its submitter and to auditors; to anyone else it is the 404
of a job that does not exist.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from functools import partial
from itertools import islice
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from graph_service.api.deps import StateDep
from graph_service.api.pagination import CursorParam, scope_of
from graph_service.api.params import invalid
from graph_service.api.problems import Problem, not_found, problem_response
from graph_service.api.security import Caller, IngestDep, require
from graph_service.audit import release
from graph_service.auth import Role
from graph_service.jobs import Workers
from graph_service.store import StoreError
from ingest.jobs import Job, JobQueue, QueueFull, new_job_id
from ingest.readers import ReadRecord, ReadResult, RejectedStore, Rejection, read_bytes
from ingest.resolve import label_of

router = APIRouter(tags=["ingest"])

# The reader for a body is chosen by its media type, as a file's is by its extension.
SOURCES = {
    "application/json": "request.json",
    "application/x-ndjson": "request.jsonl",
    "application/jsonl": "request.jsonl",
    "text/csv": "request.csv",
}

# What the request must be for a job to be queued: a readable document of its media type.
# Each record is then checked on its own (see ingest.readers.schema) and a bad one is
# rejected on the job, not the request, exactly as `nexus ingest` rejects it in a file.
_BODY_SCHEMAS: dict[str, dict[str, object]] = {
    "request.json": {
        "description": "A report record or a STIX 2.1 bundle (objects), or a non-empty array of records.",
        "anyOf": [{"type": "object"}, {"type": "array", "minItems": 1}],
        "example": {
            "id": "R-1", "agency": "FBI", "side": "LE", "marking": "UNCLASSIFIED//LES",
            "reported_at": "2024-05-01T14:30:00Z", "text": "Ali Hassan called +1 202-555-0143.",
        },
    },
    # Any text is accepted: a body without records is an empty job, and a bad line (or a
    # bad CSV header) is a rejected record of the job, reported with its line.
    "request.jsonl": {
        "description": "One JSON record per line; blank lines are skipped.",
        "type": "string",
    },
    "request.csv": {
        "description": "A header row naming the record fields, then one record per row.",
        "type": "string",
    },
}
_REQUEST_BODY = {
    "required": True,
    "content": {media: {"schema": _BODY_SCHEMAS[source]} for media, source in SOURCES.items()},
}


class RecordError(BaseModel):
    """Why one record of a submission was rejected."""

    location: str
    field: str | None
    message: str


class JobSummary(BaseModel):
    """An ingest job as its submitter (or an auditor) sees it in a list.

    `state`: queued, running, done or failed (`failure` says why; `nexus jobs retry`
    resumes it). `processed` = `ingested` + `unchanged` + `rejected` once done.
    """

    id: str
    principal: str
    state: str
    total: int
    processed: int
    ingested: int
    unchanged: int
    rejected: int
    failure: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobPublic(JobSummary):
    """An ingest job with its per-record errors (the first 1,000)."""

    errors: list[RecordError]


class JobPage(BaseModel):
    """One page of jobs, newest first. Pass `next_cursor` back as `cursor` for the next."""

    items: list[JobSummary]
    total: int
    next_cursor: str | None


def get_job_queue(state: StateDep) -> JobQueue:
    """The job queue in this process's store."""
    return JobQueue.from_settings(state.settings, state.store)


JobsDep = Annotated[JobQueue, Depends(get_job_queue)]
JobReaderDep = Annotated[Caller, Depends(require(Role.INGEST, Role.AUDITOR))]


def summary(job: Job) -> JobSummary:
    """The list view of a job."""
    return JobSummary(
        id=job.id, principal=job.principal, state=job.state, total=job.total,
        processed=job.processed, ingested=job.ingested, unchanged=job.unchanged,
        rejected=job.rejected, failure=job.failure, created_at=job.created,
        started_at=job.started, finished_at=job.finished,
    )


def public(job: Job) -> JobPublic:
    """The API view of a job."""
    return JobPublic(
        **summary(job).model_dump(),
        errors=[RecordError(location=e.location, field=e.field, message=e.message) for e in job.errors],
    )


def may_read(caller: Caller, job: Job) -> bool:
    """A job's record is its submitter's, and every auditor's."""
    return job.principal == caller.principal.id or Role.AUDITOR in caller.principal.roles


def within_clearance(caller: Caller, item: ReadResult) -> ReadResult:
    """Reject a record whose label the submitting principal could not read back."""
    if isinstance(item, Rejection) or caller.principal.cross_domain:
        return item
    _, vis = label_of(item.report.marking)
    if caller.viewer.can_see(vis):
        return item
    return Rejection(
        item.source, item.location, "marking",
        "the report's marking is above what the submitting principal may read", "",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) more than `limit` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Problem(413, "Content Too Large", f"the body exceeds {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise Problem(413, "Content Too Large", f"the body exceeds {limit} bytes")
    return bytes(body)


@router.post(
    "/ingest", status_code=202, response_model=JobPublic, openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        413: problem_response(413, "The body is larger, or holds more records, than the configured limits."),
        415: problem_response(415, "The body's media type is not one of the documented ones."),
        503: problem_response(
            503, "The job queue is full, or the store failed while accepting: nothing was accepted; "
            "retry after `Retry-After` seconds.",
        ),
    },
)
async def submit(request: Request, caller: IngestDep, state: StateDep, jobs: JobsDep) -> JobPublic:
    """Queue reports for ingest: one JSON object, a JSON array, a STIX bundle, JSONL or CSV.

    The 202 means the job and every record are stored: no restart loses them."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    source = SOURCES.get(media)
    if source is None:
        raise Problem(415, "Unsupported Media Type", f"send one of: {', '.join(sorted(SOURCES))}")
    body = await read_body(request, state.settings.max_request_bytes)
    # Records are read lazily, so counting to one past the limit is all the work a body
    # of too many records costs: nothing of it is validated further, stored or queued.
    limit = state.settings.max_request_records
    results = [
        within_clearance(caller, item)
        for item in islice(
            read_bytes(body, source=source, max_text_chars=state.settings.max_text_chars), limit + 1
        )
    ]
    if len(results) > limit:
        raise Problem(413, "Content Too Large", f"the body holds more than {limit} records; split it")
    if unreadable := [r for r in results if isinstance(r, Rejection) and r.location == "file"]:
        # Not a document of its media type at all (undecodable, not JSON, nested too deeply,
        # a JSON scalar): the request is wrong, not one of its records.
        raise Problem(
            422, "Invalid request", "invalid: body",
            errors=[{"field": "body", "message": unreadable[0].message}],
        )
    # A batch with no records (a CSV with only its header) is a valid, empty job.
    retry = {"Retry-After": str(state.settings.job_retry_after_s)}
    # The replay copy of the rejections goes to disk first, and goes again if the job is
    # not stored: a disk or store failure leaves nothing of the submission behind.
    rejected = RejectedStore(state.settings.var_dir / "rejected", new_job_id())
    try:
        rejected.extend(r for r in results if isinstance(r, Rejection))
    except OSError as exc:
        rejected.path().unlink(missing_ok=True)
        raise Problem(503, "Service Unavailable", "the rejected records could not be stored; nothing was "
                      "accepted", headers=retry) from exc
    try:
        job = await run_in_threadpool(partial(
            jobs.accept, caller.principal.id, results, rejected.job_id, caller.viewer,
            retry_s=state.settings.job_accept_retry_s,
        ))
    except (QueueFull, StoreError) as exc:
        rejected.path().unlink(missing_ok=True)
        detail = (f"the ingest queue is full ({exc})" if isinstance(exc, QueueFull)
                  else "the graph store failed while accepting the batch")
        raise Problem(503, "Service Unavailable", f"{detail}; nothing was accepted", headers=retry) from exc
    accepted = [
        {"id": r.report.id, "marking": r.report.marking} for r in results if isinstance(r, ReadRecord)
    ]
    release(request, [], changes=[{"job": job.id, "rejected": job.rejected, "reports": accepted}])
    workers: Workers | None = getattr(request.app.state, "workers", None)
    if workers is not None:
        workers.wake()
    return public(job)


def _cursor(job: Job, scope: str) -> str:
    raw = json.dumps([job.created.isoformat(), job.id, scope]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _after(cursor: str | None, scope: str) -> tuple[datetime, str] | None:
    """The last job of the previous page, from its cursor; a 422 naming `cursor` otherwise."""
    if cursor is None:
        return None
    try:
        created, job_id, bound = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after = (datetime.fromisoformat(created), str(job_id))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise invalid("query.cursor", "not a cursor of this list") from None
    if bound != scope:
        raise invalid("query.cursor", "not a cursor of this list")
    return after


@router.get("/jobs", response_model=JobPage)
def jobs_list(
    caller: JobReaderDep,
    jobs: JobsDep,
    state: Annotated[Literal["queued", "running", "done", "failed"] | None,
                     Query(description="Only jobs in this state.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: CursorParam = None,
) -> JobPage:
    """The caller's jobs, newest first (an auditor's: everyone's)."""
    principal = None if Role.AUDITOR in caller.principal.roles else caller.principal.id
    scope = scope_of("/v1/jobs", {"principal": principal, "state": state, "limit": limit})
    page = jobs.list(principal=principal, state=state, limit=limit, after=_after(cursor, scope))
    return JobPage(
        items=[summary(j) for j in page.items], total=page.total,
        next_cursor=_cursor(page.items[-1], scope) if page.more else None,
    )


@router.get("/jobs/{job_id}", response_model=JobPublic)
def job(job_id: str, caller: JobReaderDep, jobs: JobsDep) -> JobPublic:
    """Progress and per-record errors of a job submitted by the caller (any job, for auditors)."""
    found = jobs.get(job_id[:200])
    if found is None or not may_read(caller, found):
        raise not_found()
    return public(found)
