"""The evidence that joins two entities, as the viewer may see it.

A hop of a path or an edge of a subgraph is explained by its evidence: the visible
reports that mention both entities (with a snippet around the two mentions), the
relations visible reports state between them, and a visible candidate match with its
visible judgement. Scoring needs only counts of it (`fetch_summaries`, cheap enough for
every candidate route); the items themselves are read for the hops that are shown
(`fetch_evidence`), and every label they carry is re-checked before it is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import check, tokens
from queries.scoring import HopSummary

__all__ = [
    "CandidateEvidence",
    "CoMention",
    "HopEvidence",
    "RelationEvidence",
    "fetch_evidence",
    "fetch_summaries",
    "parse_time",
]

MAX_ITEMS = 5
"""Evidence items listed per hop and kind; the counts always cover all of them."""


@dataclass(frozen=True, slots=True)
class CoMention:
    """A visible report that mentions both entities of a hop."""

    report: str
    side: str
    agency: str | None
    level: int
    vis: tuple[str, ...]
    reported_at: str
    same_sentence: bool
    surface_a: str
    surface_b: str
    snippet: str | None


@dataclass(frozen=True, slots=True)
class RelationEvidence:
    """A relation a visible report states between the two entities of a hop."""

    kind: str
    report: str
    source: str
    target: str
    confidence: float | None
    level: int
    vis: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CandidateEvidence:
    """A visible resolution candidate between the two entities, and its visible verdict."""

    a: str
    b: str
    score: float
    method: str
    level: int
    vis: tuple[str, ...]
    reports: tuple[str, ...]
    verdict: str | None
    newest: str | None


@dataclass(frozen=True, slots=True)
class HopEvidence:
    """All visible evidence between entities `a` and `b` (items capped, counts complete)."""

    a: str
    b: str
    comentions: tuple[CoMention, ...]
    reports: int
    same_sentence: int
    relations: tuple[RelationEvidence, ...]
    relation_count: int
    candidate: CandidateEvidence | None
    newest: str | None

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content (snippets, surfaces, relations) this carries."""
        ids = [c.report for c in self.comentions] + [r.report for r in self.relations]
        if self.candidate:
            ids.extend(self.candidate.reports)
        return ids

    def levels(self) -> list[int]:
        """Levels of every item."""
        found = [c.level for c in self.comentions] + [r.level for r in self.relations]
        if self.candidate:
            found.append(self.candidate.level)
        return found

    def labels(self) -> list[tuple[str, ...]]:
        """Labels of every item: a derived fact carries the AND of them."""
        found = [c.vis for c in self.comentions] + [r.vis for r in self.relations]
        if self.candidate:
            found.append(self.candidate.vis)
        return found


def parse_time(text: str) -> datetime:
    """A datetime as Neo4j's toString() writes it (ISO 8601, `Z` for UTC)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fetch_summaries(
    store: Store,
    viewer: Viewer,
    pairs: Iterable[tuple[str, str]],
    *,
    timeout_s: float | None = None,
) -> dict[tuple[str, str], HopSummary]:
    """The counts of the visible evidence of each pair (a, b), keyed by the pair as given."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    rows = store.read(
        "hop_summary", {"pairs": [list(p) for p in wanted], "tokens": tokens(viewer)}, timeout_s
    )
    found = {}
    for row in rows:
        verdict = row["verdict"]
        dates = [d for d in (row["newest"], row["candidate_newest"]) if d]
        found[(row["a"], row["b"])] = HopSummary.judged(
            reports=int(row["reports"]), same_sentence=int(row["same_sentence"]),
            relations=int(row["relations"]),
            candidate=float(row["candidate"]) if row["candidate"] is not None else None,
            verdict=verdict, newest=max(parse_time(d) for d in dates) if dates else None,
        )
    return found


def fetch_evidence(
    store: Store,
    viewer: Viewer,
    pairs: Iterable[tuple[str, str]],
    *,
    timeout_s: float | None = None,
) -> dict[tuple[str, str], HopEvidence]:
    """The visible evidence of each pair (a, b), keyed by the pair as given."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    rows = store.read(
        "hop_evidence",
        {"pairs": [list(p) for p in wanted], "tokens": tokens(viewer), "max_items": MAX_ITEMS},
        timeout_s,
    )
    return {(row["a"], row["b"]): _hop(viewer, row) for row in rows}


def _hop(viewer: Viewer, row: Mapping[str, Any]) -> HopEvidence:
    comentions = tuple(
        CoMention(
            report=c["report"], side=c["side"], agency=c["agency"], level=int(c["level"]),
            vis=tuple(c["vis"]), reported_at=c["reported_at"], same_sentence=bool(c["same_sentence"]),
            surface_a=c["surface_a"], surface_b=c["surface_b"], snippet=c["snippet"],
        )
        for c in row["comentions"]
    )
    relations = tuple(
        RelationEvidence(
            kind=r["kind"], report=r["report"], source=r["source"], target=r["target"],
            confidence=r["confidence"], level=int(r["level"]), vis=tuple(r["vis"]),
        )
        for r in row["relations"]
    )
    c = row["candidate"]
    candidate = None if c is None else CandidateEvidence(
        a=c["a"], b=c["b"], score=float(c["score"]), method=c["method"], level=int(c["level"]),
        vis=tuple(c["vis"]), reports=tuple(c["reports"] or ()), verdict=c["verdict"],
        newest=c["newest"],
    )
    hop = HopEvidence(
        a=row["a"], b=row["b"], comentions=comentions, reports=int(row["reports"]),
        same_sentence=int(row["same_sentence"]), relations=relations,
        relation_count=int(row["n_relations"]), candidate=candidate, newest=row["newest"],
    )
    for label in hop.labels():
        check(viewer, label, "hop_evidence")
    return hop
