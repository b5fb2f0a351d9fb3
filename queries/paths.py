"""Paths between entities: shortest and k-shortest routes, each hop with its evidence.

Neo4j finds the routes (`path_search`: a bounded `ALL SHORTEST` search with the
visibility filter and hub exclusion inside the pattern; `path_search_groups`, the two
shortest length groups, when fewer than k shortest routes exist). Then, for every
candidate route, the counts of each hop's visible evidence are read (`hop_summary`) and
the route is scored (`scoring`); only the routes that are returned get their evidence
items read (`hop_evidence`). `score_routes` and `realise` do the same for the nexus search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from graph_service.domain import EvidenceKind
from graph_service.domain.identifiers import service_line_key
from graph_service.store import Store
from graph_service.visibility import Viewer, cnf_and
from queries.evidence import HopEvidence, fetch_evidence, fetch_summaries
from queries.guard import breach, tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import NodeInfo, fetch_nodes, require_nodes
from queries.scoring import HopSummary, Score, hop_strength, score_path

__all__ = [
    "MAX_HOPS",
    "MAX_K",
    "Hop",
    "Path",
    "PathResult",
    "Scored",
    "find_paths",
    "realise",
    "score_routes",
]

MAX_HOPS = 6
"""Longest path searched: path_search's pattern is bounded at 6 relationships."""

MAX_K = 10
"""Most paths returned by one request."""

ROUTE_LIMIT = 1000
"""Most routes one search reads back; reaching it marks the result truncated."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path: its two entities, best evidence kind and strength, evidence."""

    source: str
    target: str
    kind: EvidenceKind
    strength: float
    evidence: HopEvidence


@dataclass(frozen=True, slots=True)
class Path:
    """Entities joined hop by hop, with a score. `vis` is the AND of the labels of the
    evidence it lists and `level` their highest level: the label of the path as a fact."""

    nodes: tuple[NodeInfo, ...]
    hops: tuple[Hop, ...]
    score: Score
    level: int
    vis: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The entity keys along the path."""
        return tuple(n.key for n in self.nodes)

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content the path's evidence carries."""
        return [rid for hop in self.hops for rid in hop.evidence.report_ids()]


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate route, scored from the counts of its visible evidence."""

    nodes: tuple[NodeInfo, ...]
    hops: tuple[HopSummary, ...]
    score: Score

    @property
    def keys(self) -> tuple[str, ...]:
        """The entity keys along the route."""
        return tuple(n.key for n in self.nodes)


@dataclass(frozen=True, slots=True)
class PathResult:
    """Paths between two entities, shortest first, and whether the search hit its budget."""

    paths: tuple[Path, ...]
    truncated: bool


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def score_routes(
    store: Store,
    viewer: Viewer,
    routes: Iterable[Sequence[str]],
    as_of: datetime,
    *,
    weigh_end: bool = False,
    timeout_s: float | None = None,
) -> list[Scored]:
    """Scored candidates for `routes` (entity key sequences of at least two entities).

    A route that revisits an entity, passes through a service line (anyone may call one:
    `queries.hubs`), or does not bridge under the scoring rules (a shared value too
    common) is left out. Every entity on a route must exist for the viewer: the search
    reached it through visible evidence. `weigh_end` weighs the last entity too (see
    `scoring.score_path`).
    """
    simple = sorted({
        tuple(r) for r in routes
        if len(r) >= 2 and len(set(r)) == len(r)
        and not any(service_line_key(k) for k in (r[1:] if weigh_end else r[1:-1]))
    })
    if not simple:
        return []
    summaries = fetch_summaries(
        store, viewer, {_pair(a, b) for r in simple for a, b in pairwise(r)}, timeout_s=timeout_s
    )
    nodes = require_nodes(
        store, viewer, {k for r in simple for k in r},
        holders_of={k for r in simple for k in (r[1:] if weigh_end else r[1:-1])}, timeout_s=timeout_s,
    )
    scored = []
    for route in simple:
        members = tuple(nodes[k] for k in route)
        hops = tuple(summaries.get(_pair(a, b), HopSummary()) for a, b in pairwise(route))
        score = score_path(
            [n.identifier for n in members],
            [n.holders if n.identifier else n.reports for n in members],
            hops, as_of, weigh_end=weigh_end,
        )
        if score is not None:
            scored.append(Scored(members, hops, score))
    return scored


def realise(
    store: Store, viewer: Viewer, scored: Sequence[Scored], *, timeout_s: float | None = None
) -> list[Path]:
    """The paths of `scored` routes (in their order) with every hop's evidence items."""
    evidence = fetch_evidence(
        store, viewer, {_pair(a, b) for s in scored for a, b in pairwise(s.keys)}, timeout_s=timeout_s
    )
    paths = []
    for route in scored:
        hops = []
        for (a, b), summary in zip(pairwise(route.keys), route.hops, strict=True):
            found, best = evidence.get(_pair(a, b)), hop_strength(summary)
            if found is None or best is None:
                breach(viewer, "realise: a scored hop without visible evidence")
            hops.append(Hop(a, b, best[0], best[1], found))
        labels = [label for hop in hops for label in hop.evidence.labels()]
        levels = [level for hop in hops for level in hop.evidence.levels()]
        paths.append(Path(
            route.nodes, tuple(hops), route.score, max(levels, default=0),
            cnf_and(*labels) if labels else (),
        ))
    return paths


def find_paths(
    store: Store,
    viewer: Viewer,
    source: str,
    target: str,
    *,
    k: int = 1,
    max_hops: int = MAX_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> PathResult | None:
    """The `k` shortest paths from `source` to `target` of at most `max_hops` hops.

    Candidates are all the shortest routes, and when there are fewer than `k` of them
    the routes of the next length group too; they are ordered by number of hops, then
    score (highest first), then keys. None when either entity does not exist for the
    viewer (the caller answers 404 for both alike).
    """
    if not 1 <= k <= MAX_K or not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"k must be 1..{MAX_K} and max_hops 1..{MAX_HOPS}")
    if source == target:
        raise ValueError("source and target must differ")
    params = {
        "source": source, "target": target, "tokens": tokens(viewer), "limit": ROUTE_LIMIT,
        **hubs.params(store, viewer, timeout_s),
    }
    rows = store.read("path_search", params, timeout_s)
    # A route runs over visible evidence only, so both ends exist for the viewer when there
    # is one; only an empty answer needs telling "no route" from "no such entity".
    if not rows and len(fetch_nodes(store, viewer, [source, target], timeout_s=timeout_s)) != 2:
        return None
    routes = [row["route"] for row in rows if len(row["route"]) <= max_hops + 1]
    if rows and len(routes) < k:
        # Fewer shortest routes than asked for: the next length group holds the rest. Only
        # then, as that search costs far more than the shortest one; and not when there is
        # no route at all, as then there is no longer one either.
        rows = store.read("path_search_groups", {**params, "max_hops": max_hops}, timeout_s)
        routes = [row["route"] for row in rows]
    scored = score_routes(store, viewer, routes, as_of or datetime.now(UTC), timeout_s=timeout_s)
    scored.sort(key=lambda s: (len(s.hops), -s.score.value, s.keys))
    paths = realise(store, viewer, scored[:k], timeout_s=timeout_s)
    return PathResult(tuple(paths), truncated=len(rows) >= ROUTE_LIMIT)
