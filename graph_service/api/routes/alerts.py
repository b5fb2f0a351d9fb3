"""Alerts: the caller's list, one alert with its explanation, acknowledge and close, and
the server-sent event stream.

A caller reads the alerts of its viewer class (queries.alerts): what it is alerted to
depends only on what it may see. A hidden alert and a missing one are the same 404.
The stream sends each event of the caller's class as `id: <cursor>`, `event: alert`,
`data: <AlertPublic>`, a `: ping` comment every `alert_heartbeat_s`, and resumes after
the cursor a client sends back as `Last-Event-ID` (or `?last_event_id=`, for a browser
`fetch` reader). Its audit record is written when the stream opens; each batch of events
it sends is audited as a record of its own, naming the reports released.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import StreamingResponse

from graph_service.api.alert_schemas import AcknowledgeBody, AlertPublic, CloseBody, RuleName, StateName
from graph_service.api.deps import StateDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import MAX_KEY_CHARS, Since, aware, invalid
from graph_service.api.problems import Problem, not_found, problem_response
from graph_service.api.schemas import Page
from graph_service.api.security import AnalystDep, Caller
from graph_service.api.state import AppState
from graph_service.audit import AuditEntry, release
from queries import alerts
from queries.alerts import Alert, AlertState

router = APIRouter(prefix="/alerts", tags=["alerts"])

AlertId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("", response_model=Page[AlertPublic])
def list_alerts(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    state: StateDep,
    alert_state: Annotated[StateName | None, Query(alias="state")] = None,
    rule: RuleName | None = None,
    area: Annotated[str | None, Query(min_length=1, max_length=20)] = None,
    subject: Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_CHARS)] = None,
    since: Since = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: CursorParam = None,
) -> Page[AlertPublic]:
    """The caller's alerts, most recently updated first."""
    since = aware(since)
    scope = scope_of("alerts", {"state": alert_state, "rule": rule, "area": area, "subject": subject,
                                "since": since})
    page = alerts.listing(
        store, caller.viewer, state=alert_state, rule=rule, area=area, subject=subject, since=since,
        offset=decode_cursor(cursor, scope), limit=limit, timeout_s=state.settings.query_timeout_s,
    )
    release(request, [rid for a in page.items for rid in a.report_ids()])
    return page_of(page, AlertPublic, scope)


@router.get("/stream", response_class=StreamingResponse, responses={
    200: {"content": {"text/event-stream": {}}, "description": "Server-sent alert events."}
})
def stream_alerts(
    request: Request,
    caller: AnalystDep,
    state: StateDep,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    last_event_id_query: Annotated[str | None, Query(alias="last_event_id", max_length=20)] = None,
) -> StreamingResponse:
    """Server-sent events of the caller's alerts, after the cursor given, if any."""
    raw = last_event_id if last_event_id is not None else last_event_id_query
    after = 0
    if raw is not None:
        if not raw.isdigit():
            raise invalid("header.last-event-id", "not a cursor of this stream")
        after = int(raw)
    release(request, [])
    return StreamingResponse(
        _events(state, caller, after), media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _events(state: AppState, caller: Caller, after: int) -> Iterator[str]:
    """The stream's text: pending events, then new ones as they are numbered."""
    settings = state.settings
    bell = state.alert_doorbell
    yield "retry: 2000\n\n"
    beat = time.monotonic()
    rings = bell.rings
    while True:
        found = alerts.events(state.store, caller.viewer, after, timeout_s=settings.query_timeout_s)
        if found:
            _audit_events(state, caller, [a for _, a in found])
            for seq, alert in found:
                data = AlertPublic.model_validate(alert).model_dump_json()
                yield f"id: {seq}\nevent: alert\ndata: {data}\n\n"
                after = seq
            beat = time.monotonic()
            continue
        if time.monotonic() - beat >= settings.alert_heartbeat_s:
            yield ": ping\n\n"
            beat = time.monotonic()
        rings = bell.wait(rings, settings.alert_stream_poll_s)


def _audit_events(state: AppState, caller: Caller, sent: list[Alert]) -> None:
    """An audit record for events a stream sends: the reports they release."""
    state.audit.append(AuditEntry(
        principal=caller.principal.id, route="/v1/alerts/stream#events", method="SSE",
        params={"alerts": [a.id for a in sent]}, status=200,
        released=list(dict.fromkeys(rid for a in sent for rid in a.report_ids())),
    ))


@router.get("/{id}", response_model=AlertPublic)
def get_alert(
    request: Request, caller: AnalystDep, store: StoreDep, state: StateDep, id: AlertId
) -> AlertPublic:
    """One alert with its full explanation; the same 404 for hidden and missing."""
    found = alerts.get(store, caller.viewer, id, timeout_s=state.settings.query_timeout_s)
    if found is None:
        raise not_found()
    release(request, found.report_ids())
    return AlertPublic.model_validate(found)


_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: problem_response(409, "The alert is not in a state this move starts from."),
}


@router.post("/{id}/acknowledge", response_model=AlertPublic, responses=_CONFLICT)
def acknowledge_alert(
    request: Request, caller: AnalystDep, store: StoreDep, id: AlertId, body: AcknowledgeBody
) -> AlertPublic:
    """Acknowledge a new alert (409 when it is not new)."""
    return _move(request, caller, store, id, AlertState.ACKNOWLEDGED, body.note)


@router.post("/{id}/close", response_model=AlertPublic, responses=_CONFLICT)
def close_alert(
    request: Request, caller: AnalystDep, store: StoreDep, id: AlertId, body: CloseBody
) -> AlertPublic:
    """Close an alert with a note saying why (409 when it is closed already)."""
    return _move(request, caller, store, id, AlertState.CLOSED, body.note)


def _move(
    request: Request, caller: Caller, store: StoreDep, id: str,
    to: Literal[AlertState.ACKNOWLEDGED, AlertState.CLOSED], note: str | None,
) -> AlertPublic:
    try:
        moved = alerts.transition(
            store, caller.viewer, id, to, note, by=caller.principal.id, at=datetime.now(UTC)
        )
    except alerts.StateConflict as exc:
        raise Problem(409, "Conflict", str(exc)) from None
    if moved is None:
        raise not_found()
    release(request, moved.report_ids())
    return AlertPublic.model_validate(moved)


