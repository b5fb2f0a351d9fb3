"""The audit trail over HTTP, for auditors: export a time range, verify the chain."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator

from graph_service.api.deps import StateDep
from graph_service.api.security import AuditorDep
from graph_service.audit import export

router = APIRouter(prefix="/audit", tags=["audit"])

MAX_LIMIT = 1000


class AuditRecordPublic(BaseModel):
    """One audit record exactly as chained, so that an export can be re-verified offline."""

    seq: int
    time: str
    principal: str | None
    route: str
    method: str
    params: dict[str, Any]
    status: int
    released: list[str]
    withheld: int
    pointers: list[dict[str, Any]]
    # Absent from records written before it existed; left out then, not filled in,
    # so that an exported record still hashes as chained.
    changes: list[dict[str, Any]] | None = None
    prev: str
    hash: str


class AuditPage(BaseModel):
    """A page of records in seq order; pass `next_cursor` back as `cursor` for the next."""

    items: list[AuditRecordPublic]
    next_cursor: str | None


class AuditVerification(BaseModel):
    """Outcome of verifying the chain and its signed checkpoints."""

    ok: bool
    records: int
    first_bad: int | None
    reason: str


_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]")


def _date_time(value: object) -> object:
    """Let only ISO 8601 date-times through: pydantic alone reads `0.5` as a Unix time."""
    if isinstance(value, str) and not _DATE_TIME.match(value):
        raise ValueError("expected an ISO 8601 date-time, e.g. 2024-05-01T14:30:00Z")
    return value


_Since = Annotated[
    datetime | None, BeforeValidator(_date_time),
    Query(description="Records at or after this time (UTC if naive)."),
]
_Until = Annotated[
    datetime | None, BeforeValidator(_date_time),
    Query(description="Records before this time (UTC if naive)."),
]
_Cursor = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,18}$", description="`next_cursor` of the page before.")
]


@router.get("", response_model=AuditPage, response_model_exclude_unset=True)
def list_audit(
    _: AuditorDep, state: StateDep, since: _Since = None, until: _Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100, cursor: _Cursor = None,
) -> AuditPage:
    """Records in a time window, oldest first, at most `limit` per page."""
    # One more than asked tells whether another page follows.
    records = export(
        state.audit.dir, since, until, after_seq=int(cursor) if cursor else 0, limit=limit + 1
    )
    page = records[:limit]
    return AuditPage(
        items=[AuditRecordPublic.model_validate(r) for r in page],
        next_cursor=str(page[-1]["seq"]) if len(records) > limit else None,
    )


@router.get("/verify", response_model=AuditVerification)
def verify_audit(_: AuditorDep, state: StateDep) -> AuditVerification:
    """Verify the whole chain and the signed checkpoints; name the first bad record."""
    result = state.audit.verify()
    return AuditVerification(
        ok=result.ok, records=result.records, first_bad=result.first_bad, reason=result.reason
    )
