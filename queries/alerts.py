"""Alerts as a viewer reads them, and the analyst's lifecycle writes.

Invariants:

- An alert belongs to one viewer class, the token set of the principals it was evaluated
  for (`viewer_class`). It was found reading with exactly those tokens, so what it says
  depends only on what they may see. A viewer reads the alerts of its own class, each
  re-checked against the alert's label (the AND of its evidence's labels).
- An alert's id hashes its class, rule, subject and counterpart (`alert_id`): evaluating
  new evidence of the same link updates the same alert, and the id says nothing of any
  other class.
- Events (what a stream replays) are numbered per class, from 1, so a cursor counts only
  what the viewer's own class was told.
- States go new → acknowledged → closed (new → closed too); each move appends a history
  entry (state, note, by, at) and an event. Only new evidence reopens a closed alert.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from graph_service.store import Store, Tx
from graph_service.visibility import Viewer
from queries.errors import QueryError
from queries.guard import check, tokens
from queries.pages import Page

__all__ = [
    "Alert",
    "AlertState",
    "HistoryEntry",
    "StateConflict",
    "alert_id",
    "events",
    "from_row",
    "get",
    "history_entry",
    "listing",
    "number_events",
    "transition",
    "viewer_class",
]

MAX_EVENTS = 500
"""Most events one read of a stream returns."""


class AlertState(StrEnum):
    """Where an alert is in its lifecycle."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


_FROM = {
    AlertState.ACKNOWLEDGED: [AlertState.NEW.value],
    AlertState.CLOSED: [AlertState.NEW.value, AlertState.ACKNOWLEDGED.value],
}


class StateConflict(QueryError, ValueError):
    """The alert is not in a state the requested move starts from."""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One move of an alert: the state it entered, the note, who moved it and when."""

    state: str
    note: str | None
    by: str
    at: str


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert as stored for the viewer's class. `path` and `pointer` are the JSON of the
    API's PathPublic and PointerPublic, as the evaluator wrote them."""

    id: str
    rule: str
    state: str
    score: float
    subject: str
    subject_name: str | None
    subject_kind: str | None
    area: str | None
    side: str | None
    reports: tuple[str, ...]
    path: Mapping[str, Any] | None
    pointer: Mapping[str, Any] | None
    created_at: str
    updated_at: str
    history: tuple[HistoryEntry, ...]
    level: int
    vis: tuple[str, ...]

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content the alert carries."""
        ids = list(self.reports)
        if self.path:
            for hop in self.path.get("hops", []):
                evidence = hop["evidence"]
                ids += [c["report"] for c in evidence["comentions"]]
                ids += [r["report"] for r in evidence["relations"]]
                if evidence.get("candidate"):
                    ids += list(evidence["candidate"]["reports"])
        return list(dict.fromkeys(ids))


def viewer_class(viewer: Viewer) -> str:
    """The class of viewers holding exactly `viewer`'s tokens."""
    return hashlib.sha256("\n".join(tokens(viewer)).encode()).hexdigest()[:24]


def alert_id(cls: str, rule: str, subject: str, counterpart: str | None) -> str:
    """The id of the alert of class `cls`, `rule`, `subject` and `counterpart`."""
    digest = hashlib.sha256("\x1f".join([cls, rule, subject, counterpart or ""]).encode()).hexdigest()
    return f"ALR-{digest[:20]}"


def history_entry(state: str, note: str | None, by: str, at: datetime) -> str:
    """A history entry as stored (JSON: Neo4j properties cannot nest maps)."""
    return json.dumps({"state": state, "note": note, "by": by, "at": at.isoformat()})


def from_row(row: Mapping[str, Any]) -> Alert:
    """The alert of a query's `a {.*}` map."""
    return Alert(
        id=row["id"], rule=row["rule"], state=row["state"], score=float(row["score"]),
        subject=row["subject"], subject_name=row.get("subject_name"),
        subject_kind=row.get("subject_kind"), area=row.get("area"), side=row.get("side"),
        reports=tuple(row.get("reports") or ()),
        path=json.loads(row["path"]) if row.get("path") else None,
        pointer=json.loads(row["pointer"]) if row.get("pointer") else None,
        created_at=row["created_at"], updated_at=row["updated_at"],
        history=tuple(HistoryEntry(**json.loads(h)) for h in row.get("history") or ()),
        level=int(row.get("level") or 0), vis=tuple(row["vis"]),
    )


def _read(viewer: Viewer, row: Mapping[str, Any], what: str) -> Alert:
    check(viewer, row.get("vis"), what)
    return from_row(row)


def listing(
    store: Store,
    viewer: Viewer,
    *,
    state: str | None = None,
    rule: str | None = None,
    area: str | None = None,
    subject: str | None = None,
    since: datetime | None = None,
    offset: int = 0,
    limit: int = 50,
    timeout_s: float | None = None,
) -> Page[Alert]:
    """The viewer's alerts, most recently updated first, one page."""
    (row,) = store.read(
        "alert_list",
        {"class": viewer_class(viewer), "tokens": tokens(viewer), "state": state, "rule": rule,
         "area": area, "subject": subject, "since": since.isoformat() if since else None,
         "skip": offset, "limit": limit},
        timeout_s,
    )
    items = tuple(_read(viewer, r, "alert_list") for r in row["page"])
    return Page(items, int(row["total"]), offset)


def get(store: Store, viewer: Viewer, id: str, *, timeout_s: float | None = None) -> Alert | None:
    """The alert `id` of the viewer's class, or None (hidden and missing alike)."""
    rows = store.read(
        "alert_get", {"id": id, "class": viewer_class(viewer), "tokens": tokens(viewer)}, timeout_s
    )
    return _read(viewer, rows[0]["alert"], "alert_get") if rows else None


def number_events(tx: Tx, cls: str, alert_ids: list[str], at: datetime) -> list[int]:
    """Append one event per alert of `alert_ids` to class `cls`'s stream; their numbers."""
    if not alert_ids:
        return []
    rows = tx.run("alert_event_put", {"class": cls, "alerts": alert_ids, "at": at.isoformat()})
    return [int(r["seq"]) for r in rows]


def transition(
    store: Store, viewer: Viewer, id: str, state: AlertState, note: str | None, *, by: str, at: datetime
) -> Alert | None:
    """Move alert `id` to `state` with `note`; None when the viewer has no such alert,
    StateConflict when it is not in a state the move starts from."""
    current = get(store, viewer, id)
    if current is None:
        return None
    if current.state not in _FROM[state]:
        raise StateConflict(f"the alert is {current.state}; it cannot become {state.value}")
    cls = viewer_class(viewer)

    def work(tx: Tx) -> list[dict[str, Any]]:
        rows = tx.run("alert_transition", {
            "id": id, "class": cls, "tokens": tokens(viewer), "from": _FROM[state],
            "state": state.value, "entry": history_entry(state.value, note, by, at), "at": at.isoformat(),
        })
        if rows:
            number_events(tx, cls, [id], at)
        return rows

    rows = store.transaction(work)
    if not rows:  # moved by someone else meanwhile
        raise StateConflict(f"the alert is no longer in a state that can become {state.value}")
    return _read(viewer, rows[0]["alert"], "alert_transition")


def events(
    store: Store, viewer: Viewer, after: int, *, limit: int = MAX_EVENTS, timeout_s: float | None = None
) -> list[tuple[int, Alert]]:
    """The viewer class's events numbered after `after`, oldest first, with their alerts."""
    rows = store.read(
        "alert_events",
        {"class": viewer_class(viewer), "tokens": tokens(viewer), "after": after, "limit": limit},
        timeout_s,
    )
    return [(int(r["seq"]), _read(viewer, r["alert"], "alert_events")) for r in rows]
