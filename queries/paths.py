"""Paths between entities: shortest and k-shortest routes, each hop with its evidence.

Neo4j finds the routes (`path_search`: a bounded `SHORTEST 2 GROUPS` search with the
visibility filter and hub exclusion inside the pattern); this module gathers each hop's
visible evidence, scores the routes (`scoring`) and orders them. `assemble` turns routes
into scored paths for the nexus search too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from graph_service.store import Store
from graph_service.visibility import Viewer, cnf_and
from queries.evidence import HopEvidence, fetch_evidence
from queries.guard import tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import NodeInfo, fetch_nodes, require_nodes
from queries.scoring import EvidenceKind, Score, hop_strength, score_path

__all__ = ["MAX_HOPS", "MAX_K", "Hop", "Path", "PathResult", "assemble", "find_paths"]

MAX_HOPS = 6
"""Longest path searched: path_search's pattern is bounded at 12 relationships."""

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
class PathResult:
    """Paths between two entities, shortest first, and whether the search hit its budget."""

    paths: tuple[Path, ...]
    truncated: bool


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def assemble(
    store: Store,
    viewer: Viewer,
    routes: Iterable[Sequence[str]],
    as_of: datetime,
    *,
    timeout_s: float | None = None,
) -> list[Path]:
    """Scored paths for `routes` (entity key sequences of at least two entities).

    A route that revisits an entity, or that does not bridge under the scoring rules
    (a shared value too common), is left out. Every entity on a route must exist for
    the viewer: the search reached it through visible evidence.
    """
    simple = [tuple(r) for r in routes if len(r) >= 2 and len(set(r)) == len(r)]
    if not simple:
        return []
    evidence = fetch_evidence(
        store, viewer, {_pair(a, b) for r in simple for a, b in pairwise(r)},
        timeout_s=timeout_s,
    )
    nodes = require_nodes(
        store, viewer, {k for r in simple for k in r},
        degree_of={k for r in simple for k in r[1:-1]}, timeout_s=timeout_s,
    )
    paths = []
    for route in simple:
        path = _path(route, nodes, evidence, as_of)
        if path is not None:
            paths.append(path)
    return paths


def _path(
    route: tuple[str, ...],
    nodes: dict[str, NodeInfo],
    evidence: dict[tuple[str, str], HopEvidence],
    as_of: datetime,
) -> Path | None:
    hops: list[Hop] = []
    for a, b in pairwise(route):
        found = evidence.get(_pair(a, b))
        best = hop_strength(found.summary()) if found else None
        if found is None or best is None:
            return None  # the hop lost its evidence between the two queries
        hops.append(Hop(a, b, best[0], best[1], found))
    members = tuple(nodes[k] for k in route)
    # A shared value weighs by how many holders share it; other intermediates by degree.
    score = score_path(
        [n.identifier for n in members], [n.holders if n.identifier else n.degree for n in members],
        [h.evidence.summary() for h in hops], as_of,
    )
    if score is None:
        return None
    labels = [label for hop in hops for label in hop.evidence.labels()]
    levels = [c.level for h in hops for c in h.evidence.comentions]
    levels += [r.level for h in hops for r in h.evidence.relations]
    levels += [h.evidence.candidate.level for h in hops if h.evidence.candidate]
    return Path(
        members, tuple(hops), score, max(levels, default=0),
        cnf_and(*labels) if labels else (),
    )


def find_paths(
    store: Store,
    viewer: Viewer,
    source: str,
    target: str,
    *,
    k: int = 3,
    max_hops: int = MAX_HOPS,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> PathResult | None:
    """The `k` shortest paths from `source` to `target` of at most `max_hops` hops.

    Candidates are the routes of the two shortest length groups; they are ordered by
    number of hops, then score (highest first), then keys. None when either entity does
    not exist for the viewer (the caller answers 404 for both alike).
    """
    if not 1 <= k <= MAX_K or not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"k must be 1..{MAX_K} and max_hops 1..{MAX_HOPS}")
    if source == target:
        raise ValueError("source and target must differ")
    if len(fetch_nodes(store, viewer, [source, target], timeout_s=timeout_s)) != 2:
        return None
    rows = store.read(
        "path_search",
        {"source": source, "target": target, "tokens": tokens(viewer), "max_hops": max_hops,
         "limit": ROUTE_LIMIT, **hubs.params()},
        timeout_s,
    )
    paths = assemble(
        store, viewer, [row["route"] for row in rows], as_of or datetime.now(UTC),
        timeout_s=timeout_s,
    )
    paths.sort(key=lambda p: (len(p.hops), -p.score.value, p.keys))
    return PathResult(tuple(paths[:k]), truncated=len(rows) >= ROUTE_LIMIT)
