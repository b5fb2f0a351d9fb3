"""Pointers (tearlines): does an entity have a nexus that only a higher level sees?

A pointer tells a viewer that a link exists and whom to ask, and nothing else. Deciding
whether to issue one compares two nexus searches from the same entity: the viewer's own,
and the policy's ceiling viewer's (the viewer's tokens plus those the pointer policy may
stand for). The entity must exist for the viewer, or the question is never asked: a
pointer never reveals an entity. What comes back — the subjects only the ceiling reaches
and the reports behind them — goes to the audit log for the desk that answers the
pointer, never into the response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nexus import DEFAULT_HOPS, rank_from_entity, realise_nexus

__all__ = ["HiddenNexus", "ask", "hidden_nexus"]


@dataclass(frozen=True, slots=True)
class HiddenNexus:
    """Nexus subjects of an entity that only the ceiling viewer reaches, and the ids of
    the reports on those routes (for the audit record, never for the viewer)."""

    entity: str
    subjects: tuple[str, ...]
    report_ids: tuple[str, ...]


def hidden_nexus(
    store: Store,
    viewer: Viewer,
    ceiling: Viewer,
    key: str,
    *,
    max_hops: int = DEFAULT_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> HiddenNexus | None:
    """The nexus of `key` that `ceiling` finds beyond what `viewer` finds, or None when
    there is none or the entity does not exist for `viewer`."""
    # Both rankings without their evidence: only the nexus beyond the viewer's is read,
    # for the audit record.
    ranked = []
    for who in (viewer, ceiling):
        found = rank_from_entity(
            store, who, key, max_hops=max_hops, hubs=hubs, as_of=as_of, timeout_s=timeout_s
        )
        if found is None:
            return None
        ranked.append(found[0])
    mine, above = ranked
    known = {n.other for n in mine}
    beyond = realise_nexus(store, ceiling, [n for n in above if n.other not in known], timeout_s=timeout_s)
    if not beyond:
        return None
    return HiddenNexus(
        entity=key,
        subjects=tuple(dict.fromkeys(n.other for n in beyond)),
        report_ids=tuple(dict.fromkeys(rid for n in beyond for rid in n.report_ids())),
    )


def ask(store: Store, principal: str, *, per_hour: int, now: float, window_s: float = 3600.0) -> bool:
    """Count a pointer-eligible question of `principal` (whatever its answer) against its
    budget of `per_hour` per `window_s`, durably; False once the budget is spent."""
    rows = store.write(
        "pointer_ask", {"principal": principal, "now": now, "window_s": window_s, "per_hour": per_hour}
    )
    return bool(rows[0]["allowed"])
