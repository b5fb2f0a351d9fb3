"""Resolution judgements: analysts confirm or reject `POSSIBLY_SAME` candidates.

A judgement is a `Judgement` node keyed by the candidate's pair (`keyA|keyB` in the
candidate's direction) and label, one per candidate like the candidates themselves, so that
ingest does not re-suggest a judged pair to those who may see the verdict, and a verdict
under a label a viewer may not see neither blocks that viewer's candidates nor makes them
unjudgeable. It carries the candidate's own label: whoever may see the candidate may see
its verdict. A viewer's verdict applies to every candidate of the pair it may see. A confirmed pair
is one entity for every query (a hop of top strength); a rejected candidate links nothing.
A verdict can be changed by judging again; the audit log keeps every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph_service.domain import Status, Verdict
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import breach, check, tokens
from queries.nodes import fetch_nodes
from queries.pages import Page

__all__ = ["CandidateView", "Judgement", "judge", "list_candidates"]


@dataclass(frozen=True, slots=True)
class CandidateView:
    """A visible candidate pair with the names the viewer may see and its status."""

    a: str
    a_name: str
    b: str
    b_name: str
    score: float
    method: str
    level: int
    vis: tuple[str, ...]
    reports: tuple[str, ...]
    status: Status
    by: str | None
    at: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Judgement:
    """A recorded verdict on the candidate pair (a, b)."""

    a: str
    b: str
    verdict: Verdict
    by: str
    at: str
    note: str | None
    level: int
    vis: tuple[str, ...]
    score: float
    method: str


def list_candidates(
    store: Store,
    viewer: Viewer,
    *,
    entity: str | None = None,
    status: Status | None = None,
    offset: int = 0,
    limit: int = 20,
    timeout_s: float | None = None,
) -> Page[CandidateView]:
    """Visible candidates, highest score first, optionally of one entity and status."""
    rows = store.read(
        "candidate_list",
        {"entity": entity, "status": status.value if status else None, "tokens": tokens(viewer),
         "skip": offset, "limit": limit},
        timeout_s,
    )
    row = rows[0]
    page: list[dict[str, Any]] = row["page"]
    names = fetch_nodes(
        store, viewer, {r["a"] for r in page} | {r["b"] for r in page}, timeout_s=timeout_s
    )
    items = []
    for r in page:
        check(viewer, r["vis"], "candidate_list")
        if r["a"] not in names or r["b"] not in names:
            breach(viewer, "candidate_list: a visible candidate of an entity the viewer cannot see")
        items.append(CandidateView(
            a=r["a"], a_name=names[r["a"]].name, b=r["b"], b_name=names[r["b"]].name,
            score=float(r["score"]), method=r["method"], level=int(r["level"]),
            vis=tuple(r["vis"]), reports=tuple(r["reports"] or ()), status=Status(r["status"]),
            by=r["by"], at=r["at"], note=r["note"],
        ))
    return Page(tuple(items), int(row["total"]), offset)


def judge(
    store: Store,
    viewer: Viewer,
    a: str,
    b: str,
    verdict: Verdict,
    *,
    by: str,
    at: datetime,
    note: str | None = None,
) -> Judgement | None:
    """Record `verdict` on every visible candidate between `a` and `b` (either order);
    the judgement of the best-scoring one comes back.

    None when there is no such candidate for the viewer.
    """
    rows = store.write(
        "judgement_put",
        {"a": a, "b": b, "verdict": verdict.value, "by": by, "at": at.isoformat(), "note": note,
         "tokens": tokens(viewer)},
    )
    if not rows:
        return None
    r = rows[0]
    check(viewer, r["vis"], "judgement_put")
    return Judgement(
        a=r["a"], b=r["b"], verdict=Verdict(r["verdict"]), by=r["by"], at=r["at"],
        note=r["note"], level=int(r["level"]), vis=tuple(r["vis"]), score=float(r["score"]),
        method=r["method"],
    )
