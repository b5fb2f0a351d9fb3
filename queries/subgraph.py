"""Subgraphs returned to the viewer: entities and the visible links among them.

A subgraph is what neighbourhood, path and nexus queries return in graph form, and what
`analytics` measures and exports. Its edges are entity pairs with the counts and kinds of
their visible evidence; every label read is re-checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from graph_service.domain import EvidenceKind
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import breach, check_all, tokens
from queries.nodes import NodeInfo
from queries.paths import Path
from queries.scoring import HopSummary, hop_strength

__all__ = ["EDGE_LIMIT", "Edge", "Subgraph", "edges_among", "from_paths"]

EDGE_LIMIT = 5000
"""Most edges of one subgraph; reaching it marks the subgraph truncated."""

MAX_EDGE_REPORTS = 10
"""Report ids listed per edge (the counts cover all visible evidence)."""


@dataclass(frozen=True, slots=True)
class Edge:
    """Visible evidence between entities `a` < `b`, summarised by its best kind."""

    a: str
    b: str
    kind: EvidenceKind
    strength: float
    reports: int
    same_sentence: int
    relations: tuple[str, ...]
    candidate_score: float | None
    verdict: str | None
    report_ids: tuple[str, ...]
    newest: str | None


@dataclass(frozen=True, slots=True)
class Subgraph:
    """Entities (ordered by key) and edges (ordered by pair); `truncated` when a budget
    cut it."""

    nodes: tuple[NodeInfo, ...]
    edges: tuple[Edge, ...]
    truncated: bool

    def report_ids(self) -> list[str]:
        """Ids of the reports the subgraph's edges name."""
        return [rid for edge in self.edges for rid in edge.report_ids]


def edges_among(
    store: Store,
    viewer: Viewer,
    keys: Iterable[str],
    *,
    relations: Sequence[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    timeout_s: float | None = None,
) -> tuple[tuple[Edge, ...], bool]:
    """The visible edges among `keys` (and whether EDGE_LIMIT cut them); with `relations`
    only stated relations of those kinds, with a window only evidence dated inside it."""
    rows = store.read(
        "subgraph_edges",
        {"keys": sorted(set(keys)), "tokens": tokens(viewer),
         "relations": list(relations) if relations else None,
         "since": since.isoformat() if since else None,
         "until": until.isoformat() if until else None,
         "max_reports": MAX_EDGE_REPORTS, "limit": EDGE_LIMIT},
        timeout_s,
    )
    edges = []
    for row in rows:
        check_all(viewer, row["labels"], "subgraph_edges")
        candidate = row["candidate"]
        verdict = candidate["verdict"] if candidate else None
        summary = HopSummary.judged(
            reports=int(row["reports"]), same_sentence=int(row["same_sentence"]),
            relations=len(row["relations"]), candidate=float(candidate["score"]) if candidate else None,
            verdict=verdict,
        )
        best = hop_strength(summary)
        if best is None:
            breach(viewer, "subgraph_edges: an edge without visible evidence")
        edges.append(Edge(
            a=row["a"], b=row["b"], kind=best[0], strength=best[1], reports=summary.reports,
            same_sentence=summary.same_sentence, relations=tuple(row["relations"]),
            candidate_score=float(candidate["score"]) if candidate else None, verdict=verdict,
            report_ids=tuple(row["report_ids"]), newest=row["newest"],
        ))
    return tuple(edges), len(rows) >= EDGE_LIMIT


def from_paths(paths: Sequence[Path], truncated: bool = False) -> Subgraph:
    """The union of `paths` as a subgraph, each hop an edge with its evidence counts."""
    nodes = {n.key: n for p in paths for n in p.nodes}
    edges: dict[tuple[str, str], Edge] = {}
    for path in paths:
        for hop in path.hops:
            a, b = sorted((hop.source, hop.target))
            ev = hop.evidence
            edges[(a, b)] = Edge(
                a=a, b=b, kind=hop.kind, strength=hop.strength, reports=ev.reports,
                same_sentence=ev.same_sentence, relations=tuple(sorted({r.kind for r in ev.relations})),
                candidate_score=ev.candidate.score if ev.candidate else None,
                verdict=ev.candidate.verdict if ev.candidate else None,
                report_ids=tuple(dict.fromkeys(ev.report_ids())), newest=ev.newest,
            )
    return Subgraph(
        tuple(nodes[k] for k in sorted(nodes)), tuple(edges[p] for p in sorted(edges)), truncated
    )
