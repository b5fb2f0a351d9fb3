"""The nexus score: how strongly a path of evidence joins its two ends (docs/scoring.md).

    score = Π strength(link) × Π penalty(intermediate not inside a shared-identifier link)
            × penalty(far end, in a nexus) × recency(stalest link)

A *hop* joins two adjacent entities of a path; its strength is that of its best visible
evidence (`STRENGTH`): a confirmed same-entity judgement, a stated relation, a co-mention
in one sentence, a co-mention in one report, an open candidate match (scaled by the
candidate's score). A *link* is a hop, or two hops through an identifier entity (phone,
e-mail, account, vehicle...): that is a shared identifier, whose strength is
`STRENGTH[SHARED_IDENTIFIER]` scaled by the value's specificity, 1 / (n - 1) for a value
held by n visible entities (people, organisations, facilities joined to it). A value held
by more than `MAX_SHARED` entities does not bridge at all. Other intermediates are
penalised by their visible degree, the number of visible reports that mention them. Every
input is computed from evidence the viewer may see, so a hidden report cannot move a
score.

Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from graph_service.domain import EvidenceKind

__all__ = [
    "DEGREE_FREE",
    "HALF_LIFE_DAYS",
    "MAX_SHARED",
    "RECENCY_FLOOR",
    "STRENGTH",
    "Factor",
    "HopSummary",
    "Score",
    "degree_penalty",
    "hop_strength",
    "recency",
    "score_entity",
    "score_path",
    "specificity",
]


STRENGTH: dict[EvidenceKind, float] = {
    EvidenceKind.SAME_ENTITY: 1.0,
    EvidenceKind.SHARED_IDENTIFIER: 0.9,
    EvidenceKind.STATED_RELATION: 0.8,
    EvidenceKind.SAME_SENTENCE: 0.6,
    EvidenceKind.SAME_REPORT: 0.4,
    EvidenceKind.CANDIDATE: 0.3,
}
"""Strength of one link by its best evidence; the order is the design (ARCHITECTURE §6)."""

MAX_SHARED = 100
"""A value joined to more visible entities than this is noise and bridges nothing."""

DEGREE_FREE = 25
"""Intermediates that at most this many visible reports mention carry no penalty."""

HALF_LIFE_DAYS = 365.0
"""Evidence loses half its weight per year of age..."""

RECENCY_FLOOR = 0.25
"""...but old evidence never weighs less than this: a link does not expire."""


@dataclass(frozen=True, slots=True)
class HopSummary:
    """The visible evidence of one hop, as counts: what scoring needs of it."""

    reports: int = 0
    same_sentence: int = 0
    relations: int = 0
    candidate: float | None = None
    confirmed: bool = False
    newest: datetime | None = None

    @classmethod
    def judged(
        cls, *, reports: int, same_sentence: int, relations: int, candidate: float | None,
        verdict: str | None, newest: datetime | None = None,
    ) -> HopSummary:
        """A hop's counts with its candidate as judged: a confirmed candidate makes the
        two one entity, a rejected one is no evidence, an open one weighs its score."""
        return cls(
            reports=reports, same_sentence=same_sentence, relations=relations,
            candidate=candidate if verdict is None else None, confirmed=verdict == "confirmed",
            newest=newest,
        )


@dataclass(frozen=True, slots=True)
class Factor:
    """One term of a score: its kind, its value, and the hop or node index it concerns.

    Link factors name the index of their first hop, penalties the index of the node,
    recency -1.
    """

    kind: str
    value: float
    at: int


@dataclass(frozen=True, slots=True)
class Score:
    """A score and the factors whose product it is."""

    value: float
    factors: tuple[Factor, ...]


def hop_strength(hop: HopSummary) -> tuple[EvidenceKind, float] | None:
    """The best evidence of `hop` and its strength; None when it has none."""
    if hop.confirmed:
        return EvidenceKind.SAME_ENTITY, STRENGTH[EvidenceKind.SAME_ENTITY]
    if hop.relations > 0:
        return EvidenceKind.STATED_RELATION, STRENGTH[EvidenceKind.STATED_RELATION]
    if hop.same_sentence > 0:
        return EvidenceKind.SAME_SENTENCE, STRENGTH[EvidenceKind.SAME_SENTENCE]
    if hop.reports > 0:
        return EvidenceKind.SAME_REPORT, STRENGTH[EvidenceKind.SAME_REPORT]
    if hop.candidate is not None:
        score = min(max(hop.candidate, 0.0), 1.0)
        return EvidenceKind.CANDIDATE, STRENGTH[EvidenceKind.CANDIDATE] * score
    return None


def specificity(shared_by: int) -> float:
    """Weight of a value joined to `shared_by` visible entities: 1 / (n - 1), 1 for n <= 2.

    A value that two entities share is a direct link between them; one that n share
    links each holder to n - 1 others, and its weight is divided among them.
    """
    return 1.0 if shared_by <= 2 else 1.0 / (shared_by - 1)


def degree_penalty(degree: int) -> float:
    """Weight of passing through an entity that `degree` visible reports mention.

    1 up to DEGREE_FREE, then sqrt(DEGREE_FREE / degree): 0.5 at 4x, 0.1 at 100x.
    """
    return 1.0 if degree <= DEGREE_FREE else math.sqrt(DEGREE_FREE / degree)


def recency(newest: datetime | None, as_of: datetime) -> float:
    """Weight of evidence whose newest part is dated `newest`, seen at `as_of`.

    Halves every HALF_LIFE_DAYS, never below RECENCY_FLOOR; undated evidence gets the
    floor and evidence dated after `as_of` counts as current.
    """
    if newest is None:
        return RECENCY_FLOOR
    age_days = max((as_of - newest).total_seconds() / 86400.0, 0.0)
    return max(RECENCY_FLOOR, math.pow(0.5, age_days / HALF_LIFE_DAYS))


def score_path(
    identifier: Sequence[bool],
    degrees: Sequence[int | None],
    hops: Sequence[HopSummary],
    as_of: datetime,
    *,
    weigh_end: bool = False,
) -> Score | None:
    """The score of a path of `len(hops)` >= 1 hops through `len(hops) + 1` entities.

    `identifier[i]` says whether entity i is an identifier; `degrees[i]` is, for an
    identifier, the number of visible entities holding it, else the number of visible
    reports mentioning it (needed for intermediates, and for the last entity with
    `weigh_end`). With
    `weigh_end` the last entity weighs like an intermediate: a nexus to a subject that
    half the corpus mentions is a weak one. Returns None when the path does not bridge:
    a hop without evidence, or a shared value joined to more than MAX_SHARED entities.
    """
    if not hops:
        raise ValueError("a path has at least one hop; score_entity scores a lone entity")
    if len(identifier) != len(hops) + 1 or len(degrees) != len(hops) + 1:
        raise ValueError("a path of n hops has n + 1 entities")
    strengths = [hop_strength(h) for h in hops]
    if any(s is None for s in strengths):
        return None
    factors: list[Factor] = []
    dates: list[datetime | None] = []
    i = 0
    while i < len(hops):
        if i > 0:
            # The entity between the previous link and this one is an intermediate.
            penalty = _penalty(identifier[i], _degree(degrees, i), i)
            if penalty is None:
                return None
            factors.append(penalty)
        middle = i + 1
        if i + 1 < len(hops) and identifier[middle]:
            # Two hops through an identifier entity: the ends share that value.
            shared_by = _degree(degrees, middle)
            if shared_by > MAX_SHARED:
                return None
            strength = STRENGTH[EvidenceKind.SHARED_IDENTIFIER] * specificity(shared_by)
            factors.append(Factor(EvidenceKind.SHARED_IDENTIFIER, strength, i))
            dates.append(_older(hops[i].newest, hops[i + 1].newest))
            i += 2
            continue
        kind, strength = strengths[i]  # type: ignore[misc]  # None was ruled out above
        factors.append(Factor(kind, strength, i))
        dates.append(hops[i].newest)
        i += 1
    if weigh_end:
        end = _penalty(identifier[-1], _degree(degrees, len(hops)), len(hops))
        if end is None:
            return None
        factors.append(end)
    factors.append(Factor("recency", recency(_stalest(dates), as_of), -1))
    return Score(math.prod(f.value for f in factors), tuple(factors))


def score_entity(newest: datetime | None, as_of: datetime) -> Score:
    """The score of a nexus of no hops (one entity in both roles): its recency alone."""
    factor = Factor("recency", recency(newest, as_of), -1)
    return Score(factor.value, (factor,))


def _penalty(identifier: bool, degree: int, at: int) -> Factor | None:
    """The weight of an intermediate at a link boundary; None when it cannot bridge."""
    if identifier:
        # An identifier between two links still joins them as a shared value does.
        if degree > MAX_SHARED:
            return None
        return Factor("specificity", specificity(degree), at)
    return Factor("degree_penalty", degree_penalty(degree), at)


def _degree(degrees: Sequence[int | None], index: int) -> int:
    degree = degrees[index]
    if degree is None:
        raise ValueError(f"the degree of intermediate entity {index} is needed")
    return degree


def _older(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def _stalest(dates: Sequence[datetime | None]) -> datetime | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None
