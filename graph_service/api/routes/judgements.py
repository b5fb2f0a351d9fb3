"""Resolution candidates and analysts' judgements on them.

`GET /candidates` lists the `POSSIBLY_SAME` suggestions the caller may see; `POST
/judgements` confirms or rejects one. The audit log records every judgement request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import MAX_KEY_CHARS, invalid
from graph_service.api.problems import not_found
from graph_service.api.schemas import CandidatePublic, JudgementCreate, JudgementPublic, Page
from graph_service.api.security import AnalystDep
from graph_service.audit import release
from graph_service.domain import Status
from queries import judgements

router = APIRouter(tags=["judgements"])


@router.get("/candidates", response_model=Page[CandidatePublic])
def list_candidates(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    entity: Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_CHARS)] = None,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorParam = None,
) -> Page[CandidatePublic]:
    """Candidates, highest score first, optionally of one entity and one status."""
    scope = scope_of("candidates", {"entity": entity, "status": status})
    page = judgements.list_candidates(
        store, caller.viewer, entity=entity, status=status, offset=decode_cursor(cursor, scope),
        limit=limit, timeout_s=settings.query_timeout_s,
    )
    release(request, [rid for c in page.items for rid in c.reports])
    return page_of(page, CandidatePublic, scope)


@router.post("/judgements", response_model=JudgementPublic, status_code=201)
def create_judgement(
    request: Request, caller: AnalystDep, store: StoreDep, body: JudgementCreate
) -> JudgementPublic:
    """Confirm (the two are one entity for every query) or reject (never linked, never
    suggested again) the candidate between `a` and `b`. Judging again replaces the verdict."""
    if body.a == body.b:
        raise invalid("body.b", "must differ from a")
    found = judgements.judge(
        store, caller.viewer, body.a, body.b, body.verdict, by=caller.principal.id,
        at=datetime.now(UTC), note=body.note,
    )
    if found is None:
        raise not_found()
    release(request, [], changes=[
        {"judgement": found.verdict.value, "a": found.a, "b": found.b, "vis": list(found.vis)}
    ])
    return JudgementPublic.model_validate(found)
