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
from queries.nexus import DEFAULT_HOPS, ROUTE_LIMIT, nexus_from_entity

__all__ = ["HiddenNexus", "hidden_nexus"]


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
    found = {}
    for name, who in (("mine", viewer), ("above", ceiling)):
        page = nexus_from_entity(
            store, who, key, max_hops=max_hops, hubs=hubs, as_of=as_of, limit=ROUTE_LIMIT,
            timeout_s=timeout_s,
        )
        if page is None:
            return None
        found[name] = page.items
    mine, above = found["mine"], found["above"]
    known = {n.other for n in mine}
    beyond = [n for n in above if n.other not in known]
    if not beyond:
        return None
    return HiddenNexus(
        entity=key,
        subjects=tuple(dict.fromkeys(n.other for n in beyond)),
        report_ids=tuple(dict.fromkeys(rid for n in beyond for rid in n.report_ids())),
    )
