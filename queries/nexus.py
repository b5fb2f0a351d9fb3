"""Nexus search: ranked paths joining law-enforcement evidence to intelligence subjects.

Two sides meet in a nexus. An *anchor* is an entity a visible LE report mentions; a
*subject* is an entity a visible INTEL report mentions or a visible watchlist entry names.
A search starts from entities in one or both roles: an entity, the entities of a report,
or those of an area's reports in a time window. From a start in the LE role it looks for
subjects, from a start in the intelligence role for anchors, at most `max_hops` hops away
(`nexus_search`, the bounded shortest-path search of every route to every such entity).
A start in both roles is a nexus by itself, a path of no hops. The results are scored
(`scoring`), a route found from both of its ends is kept once, and the ranking is: score,
then fewer hops, then keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.evidence import parse_time
from queries.guard import check, tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import NodeInfo, fetch_nodes
from queries.pages import Page, slice_page
from queries.paths import Path, assemble
from queries.scoring import score_entity

__all__ = [
    "MAX_HOPS",
    "Direction",
    "Nexus",
    "Start",
    "nexus_from_entity",
    "nexus_from_report",
    "nexus_search",
]

MAX_HOPS = 3
"""Longest nexus searched: nexus_search's pattern is bounded at 6 relationships."""

ROUTE_LIMIT = 2000
"""Most routes one search reads back; reaching it marks the result truncated."""

MAX_STARTS = 200
"""Most start entities of one search (a report's or an area's entities)."""


class Direction(StrEnum):
    """Which way a nexus runs from its start."""

    LE_TO_INTEL = "le_to_intel"
    INTEL_TO_LE = "intel_to_le"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Start:
    """A start entity and the roles it starts in."""

    key: str
    le: bool
    intel: bool


@dataclass(frozen=True, slots=True)
class Nexus:
    """One nexus: the path from its start to the entity on the other side, and why that
    entity is on the other side (its newest visible reports there, its watchlist entry)."""

    direction: Direction
    path: Path
    other_reports: tuple[str, ...]
    watch_reason: str | None

    @property
    def start(self) -> str:
        """Key of the entity the nexus starts from."""
        return self.path.nodes[0].key

    @property
    def other(self) -> str:
        """Key of the entity at the other end."""
        return self.path.nodes[-1].key

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content the nexus carries."""
        return [*self.path.report_ids(), *self.other_reports]


def nexus_search(
    store: Store,
    viewer: Viewer,
    starts: Sequence[Start],
    *,
    max_hops: int = MAX_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    skip_hub_starts: bool = False,
    timeout_s: float | None = None,
) -> Page[Nexus]:
    """The ranked nexus list from `starts` (entities that exist for the viewer), one page.

    With `skip_hub_starts`, starts that are hubs are dropped unless hubs are included (a
    report or an area names big cities as a matter of course; an entity asked for by key
    is searched whatever it is).
    """
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be 1..{MAX_HOPS}")
    if len(starts) > MAX_STARTS:
        raise ValueError(f"at most {MAX_STARTS} start entities")
    when = as_of or datetime.now(UTC)
    nodes = fetch_nodes(store, viewer, {s.key for s in starts}, timeout_s=timeout_s)
    searched = [
        s for s in starts
        if (s.le or s.intel) and s.key in nodes
        and (hubs.include_hubs or not skip_hub_starts or not hubs.is_hub(s.key, nodes[s.key].reports))
    ]
    rows = store.read(
        "nexus_search",
        {"starts": [{"key": s.key, "le": s.le, "intel": s.intel} for s in searched],
         "tokens": tokens(viewer), "max_hops": max_hops, "limit": ROUTE_LIMIT, **hubs.params()},
        timeout_s,
    ) if searched else []
    roles = {s.key: s for s in searched}
    paths = assemble(store, viewer, [row["route"] for row in rows], when, timeout_s=timeout_s)
    found = [n for p in paths if (n := _nexus(p, roles[p.nodes[0].key])) is not None]
    found += [n for s in searched if (n := _lone(s, nodes[s.key], when)) is not None]
    found.sort(key=lambda n: (-n.path.score.value, len(n.path.hops), n.path.keys))
    kept: list[Nexus] = []
    seen: set[tuple[str, ...]] = set()
    for nexus in found:
        keys = nexus.path.keys
        if keys in seen or keys[::-1] in seen:
            continue
        seen.add(keys)
        kept.append(nexus)
    page = slice_page(kept, offset, limit)
    return Page(page.items, page.total, page.offset, truncated=len(rows) >= ROUTE_LIMIT)


def _nexus(path: Path, start: Start) -> Nexus | None:
    """The nexus a path from `start` makes, in the direction its far end allows."""
    other = path.nodes[-1]
    if start.le and other.subject:
        return Nexus(Direction.LE_TO_INTEL, path, other.intel_ids, other.watch_reason)
    if start.intel and other.anchor:
        return Nexus(Direction.INTEL_TO_LE, path, other.le_ids, None)
    return None  # the far end lost its role between the two queries


def _lone(start: Start, node: NodeInfo, as_of: datetime) -> Nexus | None:
    """A start entity that is on both sides at once is a nexus of no hops."""
    if not ((start.le and node.subject) or (start.intel and node.anchor)):
        return None
    dates = [parse_time(d) for d in (node.newest_le, node.newest_intel) if d]
    path = Path((node,), (), score_entity(min(dates) if dates else None, as_of), 0, ())
    return Nexus(Direction.BOTH, path, (*node.intel_ids, *node.le_ids), node.watch_reason)


def nexus_from_entity(
    store: Store,
    viewer: Viewer,
    key: str,
    *,
    max_hops: int = MAX_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    timeout_s: float | None = None,
) -> Page[Nexus] | None:
    """The nexus list of one entity in the roles it has; None if it does not exist for
    the viewer."""
    node = fetch_nodes(store, viewer, [key], timeout_s=timeout_s).get(key)
    if node is None:
        return None
    start = Start(key, le=node.anchor, intel=node.subject)
    return nexus_search(
        store, viewer, [start], max_hops=max_hops, hubs=hubs, as_of=as_of, offset=offset,
        limit=limit, timeout_s=timeout_s,
    )


def nexus_from_report(
    store: Store,
    viewer: Viewer,
    report_id: str,
    *,
    max_hops: int = MAX_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    timeout_s: float | None = None,
) -> Page[Nexus] | None:
    """The nexus list of a report's entities, each in the roles it has; None if the
    report does not exist for the viewer."""
    rows = store.read(
        "report_entities",
        {"id": report_id, "tokens": tokens(viewer), "limit": MAX_STARTS},
        timeout_s,
    )
    if not rows:
        return None
    check(viewer, rows[0]["vis"], "report_entities")
    nodes = fetch_nodes(store, viewer, rows[0]["keys"], timeout_s=timeout_s)
    starts = [Start(n.key, le=n.anchor, intel=n.subject) for n in nodes.values()]
    return nexus_search(
        store, viewer, sorted(starts, key=lambda s: s.key), max_hops=max_hops, hubs=hubs,
        as_of=as_of, offset=offset, limit=limit, skip_hub_starts=True, timeout_s=timeout_s,
    )
