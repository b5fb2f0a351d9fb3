"""Report submission over HTTP: `POST /v1/ingest` queues a job, `GET /v1/jobs/{id}` shows it.

Records are read and validated by the same readers as `nexus ingest`, so the same record
gets the same error from either door. A principal may only submit reports it could read
back (its viewer satisfies their label), unless it is configured as a cross-domain feed.
A body that cannot be read as a document of its media type at all is refused with a 422;
otherwise each record is judged on its own, and a bad one is rejected on the job.
"""

from __future__ import annotations

import threading
from datetime import datetime
from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from graph_service.api.deps import StateDep
from graph_service.api.problems import Problem, not_found, problem_response
from graph_service.api.security import Caller, IngestDep
from graph_service.audit import release
from graph_service.jobs import Job, JobRegistry
from ingest.readers import ReadRecord, ReadResult, Rejection, read_bytes
from ingest.resolve import label_of

router = APIRouter(tags=["ingest"])
_registry_lock = threading.Lock()

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


class JobPublic(BaseModel):
    """An ingest job as its submitter sees it."""

    id: str
    state: str
    total: int
    processed: int
    ingested: int
    unchanged: int
    rejected: int
    errors: list[RecordError]
    failure: str | None
    created_at: datetime
    finished_at: datetime | None


def get_jobs(request: Request, state: StateDep) -> JobRegistry:
    """The process's job registry, created on first use."""
    with _registry_lock:
        registry: JobRegistry | None = getattr(request.app.state, "jobs", None)
        if registry is None:
            registry = JobRegistry(
                state.settings, state.store, state.audit,
                state.evaluator.stage if state.evaluator else None,
            )
            request.app.state.jobs = registry
    return registry


JobsDep = Annotated[JobRegistry, Depends(get_jobs)]


def public(job: Job) -> JobPublic:
    """The API view of a job."""
    return JobPublic(
        id=job.id, state=job.state, total=job.total, processed=job.processed,
        ingested=job.ingested, unchanged=job.unchanged, rejected=job.rejected,
        errors=[RecordError(location=e.location, field=e.field, message=e.message) for e in job.errors],
        failure=job.failure, created_at=job.created_at, finished_at=job.finished_at,
    )


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
    },
)
async def submit(request: Request, caller: IngestDep, state: StateDep, jobs: JobsDep) -> JobPublic:
    """Queue reports for ingest: one JSON object, a JSON array, a STIX bundle, JSONL or CSV."""
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
    job = jobs.submit(caller.principal.id, results, writer=caller.viewer)
    accepted = [
        {"id": r.report.id, "marking": r.report.marking} for r in results if isinstance(r, ReadRecord)
    ]
    release(request, [], changes=[{"job": job.id, "rejected": job.rejected, "reports": accepted}])
    return public(job)


@router.get("/jobs/{job_id}", response_model=JobPublic)
def job(job_id: str, caller: IngestDep, jobs: JobsDep) -> JobPublic:
    """Progress and per-record errors of a job submitted by the caller."""
    found = jobs.get(job_id)
    if found is None or found.principal != caller.principal.id:
        raise not_found()
    return public(found)


