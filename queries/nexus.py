"""Nexus search: ranked paths joining law-enforcement evidence to intelligence subjects.

Two sides meet in a nexus. An *intelligence subject* is an entity a visible watchlist
entry names, or a person, organisation or facility that a visible INTEL report mentions;
an *anchor* is a person, organisation or facility that a visible LE report mentions.
(Places and identifier values bridge the two sides but are nobody's subject for being
mentioned.) A search starts from an entity, the entities of a report, or those of an
area's reports in a time window. A start named by LE reporting looks for subjects; one
named by intelligence reporting or the watchlist looks for anchors; each at most
`max_hops` hops away (`nexus_search_near` for one hop, a plain expansion;
`nexus_search` for two hops, `nexus_search_deep` for three: the bounded shortest-path
search of every route to every such entity). A start that is a hub (`hubs`) is searched
one hop deep, its routes cut at HUB_ROUTE_LIMIT, unless hubs are included: past its own
links every route from it would run through the place or the crowd it names. A start
that is itself on the other side is a nexus of no hops. The results are scored
(`scoring`, the far end weighed like an intermediate), a route found from both of its
ends is kept once, and the ranking is: score, then fewer hops, then keys. Only the page
returned has its evidence items read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from graph_service.domain import Direction
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.evidence import parse_time
from queries.guard import check, tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import SUBJECT_KINDS, NodeInfo, fetch_nodes
from queries.pages import Page, slice_page
from queries.paths import Path, Scored, realise, score_routes
from queries.scoring import score_entity

__all__ = [
    "DEFAULT_HOPS",
    "MAX_HOPS",
    "Nexus",
    "Ranked",
    "Start",
    "nexus_from_entity",
    "nexus_from_report",
    "nexus_search",
    "rank_from_entity",
    "rank_nexus",
    "realise_nexus",
]

MAX_HOPS = 3
"""Longest nexus searched: nexus_search_deep's pattern is bounded at 6 relationships."""

DEFAULT_HOPS = 2
"""Hops searched unless asked: nexus_search's pattern, bounded at 4 relationships. A third
hop multiplies the routes (and the time) by ten or more on a dense corpus."""

ROUTE_LIMIT = 2000
"""Most routes one search reads back; reaching it marks the result truncated."""

HUB_ROUTE_LIMIT = 200
"""Most routes read from hub starts: a state or a city links to thousands of subjects in a
big corpus, and scoring each costs a read; the most recently reported ones are kept."""

MAX_STARTS = 200
"""Most start entities of one search (a report's or an area's entities)."""


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
    max_hops: int = DEFAULT_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    skip_hub_starts: bool = False,
    route_limit: int = ROUTE_LIMIT,
    timeout_s: float | None = None,
) -> Page[Nexus]:
    """The ranked nexus list from `starts` (entities that exist for the viewer), one page.

    With `skip_hub_starts`, starts that are hubs are dropped unless hubs are included (a
    report or an area names big cities as a matter of course; an entity asked for by key
    is searched whatever it is, a hub one hop deep).
    """
    ranked, truncated = rank_nexus(
        store, viewer, starts, max_hops=max_hops, hubs=hubs, as_of=as_of,
        skip_hub_starts=skip_hub_starts, route_limit=route_limit, timeout_s=timeout_s,
    )
    return _page(store, viewer, ranked, truncated, offset, limit, timeout_s)


def _page(
    store: Store, viewer: Viewer, ranked: list[Ranked], truncated: bool, offset: int, limit: int,
    timeout_s: float | None,
) -> Page[Nexus]:
    """One page of `ranked`, its evidence read."""
    page = slice_page(ranked, offset, limit)
    items = realise_nexus(store, viewer, page.items, timeout_s=timeout_s)
    return Page(items, page.total, page.offset, truncated=truncated)


def rank_nexus(
    store: Store,
    viewer: Viewer,
    starts: Sequence[Start],
    *,
    max_hops: int = DEFAULT_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    skip_hub_starts: bool = False,
    route_limit: int = ROUTE_LIMIT,
    nodes: Mapping[str, NodeInfo] | None = None,
    timeout_s: float | None = None,
) -> tuple[list[Ranked], bool]:
    """Every nexus from `starts`, ranked, before any evidence item is read, and whether
    the route search was cut at `route_limit` routes. Starts are searched in the order
    given, so a cut drops the routes of the last ones. `nodes` are the starts' entities
    when the caller has read them already."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be 1..{MAX_HOPS}")
    if len(starts) > MAX_STARTS:
        raise ValueError(f"at most {MAX_STARTS} start entities")
    when = as_of or datetime.now(UTC)
    if nodes is None:
        nodes = fetch_nodes(store, viewer, {s.key for s in starts}, timeout_s=timeout_s)
    known = [s for s in starts if (s.le or s.intel) and s.key in nodes]
    hub_starts = set() if hubs.include_hubs else {
        s.key for s in known if hubs.is_hub(s.key, nodes[s.key].reports)
    }
    searched = [s for s in known if not (skip_hub_starts and s.key in hub_starts)]
    hub_params = hubs.params(store, viewer, timeout_s) if searched else {}
    # Beyond a hub's own links, every route from it runs through the place or the crowd
    # it names: that is the hub bridging, so unless hubs are included it goes one hop.
    far, far_cut = _routes(
        store, viewer, [s for s in searched if s.key not in hub_starts], max_hops, route_limit,
        hub_params, timeout_s,
    )
    near, near_cut = _routes(
        store, viewer, [s for s in searched if s.key in hub_starts], 1, HUB_ROUTE_LIMIT,
        hub_params, timeout_s,
    )
    roles = {s.key: s for s in searched}
    scored = score_routes(store, viewer, far + near, when, weigh_end=True, timeout_s=timeout_s)
    found = [n for route in scored if (n := _nexus(route, roles[route.keys[0]])) is not None]
    found += [n for s in searched if (n := _lone(s, nodes[s.key], when)) is not None]
    found.sort(key=lambda n: (-n.route.score.value, len(n.route.hops), n.route.keys))
    kept: list[Ranked] = []
    seen: set[tuple[str, ...]] = set()
    for candidate in found:
        keys = candidate.route.keys
        if keys in seen or keys[::-1] in seen:
            continue
        seen.add(keys)
        kept.append(candidate)
    return kept, far_cut or near_cut


def _routes(
    store: Store, viewer: Viewer, starts: Sequence[Start], max_hops: int, limit: int,
    hub_params: Mapping[str, object], timeout_s: float | None,
) -> tuple[list[list[str]], bool]:
    """The entity keys of every route up to `max_hops` hops from `starts` to the other
    side, at most `limit` of them, and whether the search was cut there."""
    if not starts:
        return [], False
    name = {1: "nexus_search_near", 2: "nexus_search"}.get(max_hops, "nexus_search_deep")
    rows = store.read(
        name,
        {"starts": [{"key": s.key, "le": s.le, "intel": s.intel} for s in starts],
         "subject_kinds": sorted(SUBJECT_KINDS), "tokens": tokens(viewer), "max_hops": max_hops,
         "limit": limit, **hub_params},
        timeout_s,
    )
    return [row["route"] for row in rows], len(rows) >= limit


def realise_nexus(
    store: Store, viewer: Viewer, ranked: Sequence[Ranked], *, timeout_s: float | None = None
) -> tuple[Nexus, ...]:
    """The nexus of each of `ranked` with its evidence items read."""
    paths = realise(store, viewer, [n.route for n in ranked], timeout_s=timeout_s)
    return tuple(
        Nexus(n.direction, path, n.other_reports, n.watch_reason)
        for n, path in zip(ranked, paths, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Ranked:
    """A nexus before its evidence items are read (only the page's ever are)."""

    direction: Direction
    route: Scored
    other_reports: tuple[str, ...]
    watch_reason: str | None

    @property
    def other(self) -> str:
        """Key of the entity at the other end."""
        return self.route.nodes[-1].key


def _roles(node: NodeInfo) -> Start:
    """An entity starts in the LE role when LE reporting names it, in the intelligence
    role when intelligence reporting or the watchlist does (any kind: a phone starts)."""
    return Start(node.key, le=node.le_reports > 0, intel=node.intel_reports > 0 or node.watched)


def _nexus(route: Scored, start: Start) -> Ranked | None:
    """The nexus a route from `start` makes, in the direction its far end allows."""
    other = route.nodes[-1]
    if start.le and other.subject:
        return Ranked(Direction.LE_TO_INTEL, route, other.intel_ids, other.watch_reason)
    if start.intel and other.anchor:
        return Ranked(Direction.INTEL_TO_LE, route, other.le_ids, None)
    return None  # the far end lost its role between the two queries


def _lone(start: Start, node: NodeInfo, as_of: datetime) -> Ranked | None:
    """A start entity that is on both sides at once is a nexus of no hops."""
    if not ((start.le and node.subject) or (start.intel and node.anchor)):
        return None
    dates = [parse_time(d) for d in (node.newest_le, node.newest_intel) if d]
    route = Scored((node,), (), score_entity(min(dates) if dates else None, as_of))
    return Ranked(Direction.BOTH, route, (*node.intel_ids, *node.le_ids), node.watch_reason)


def nexus_from_entity(
    store: Store,
    viewer: Viewer,
    key: str,
    *,
    max_hops: int = DEFAULT_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    timeout_s: float | None = None,
) -> Page[Nexus] | None:
    """The nexus list of one entity in the roles it has; None if it does not exist for
    the viewer."""
    found = rank_from_entity(
        store, viewer, key, max_hops=max_hops, hubs=hubs, as_of=as_of, timeout_s=timeout_s
    )
    if found is None:
        return None
    return _page(store, viewer, *found, offset, limit, timeout_s)


def rank_from_entity(
    store: Store,
    viewer: Viewer,
    key: str,
    *,
    max_hops: int = DEFAULT_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> tuple[list[Ranked], bool] | None:
    """rank_nexus from entity `key` in the roles it has; None if it does not exist for
    the viewer."""
    nodes = fetch_nodes(store, viewer, [key], timeout_s=timeout_s)
    if key not in nodes:
        return None
    return rank_nexus(
        store, viewer, [_roles(nodes[key])], max_hops=max_hops, hubs=hubs, as_of=as_of,
        nodes=nodes, timeout_s=timeout_s,
    )


def nexus_from_report(
    store: Store,
    viewer: Viewer,
    report_id: str,
    *,
    max_hops: int = DEFAULT_HOPS,
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
    starts = [_roles(n) for n in nodes.values()]
    return nexus_search(
        store, viewer, sorted(starts, key=lambda s: s.key), max_hops=max_hops, hubs=hubs,
        as_of=as_of, offset=offset, limit=limit, skip_hub_starts=True, timeout_s=timeout_s,
    )
