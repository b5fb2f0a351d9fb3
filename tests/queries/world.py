"""Test worlds written through ingest's own resolver and writer queries.

A world reads like data: `report("R1", LE, LES, mention(PERSON, "Ali Hassan"), ...)`. Its
text is made from the mentions (one sentence per sentence index, offsets exact), keys come
from ingest's resolver, and rows go through the writer's queries, so the graph has the
shape ingest gives it. Candidates, watchlist entries and judgements are stated explicitly
(a candidate's label is the AND of its two reports' labels, as ingest's is).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from graph_service.domain import (
    IDENTIFIER_KINDS,
    EntityKind,
    Extraction,
    Mention,
    RelationKind,
    Report,
    Side,
    StatedRelation,
)
from graph_service.domain.identifiers import normalise
from graph_service.domain.keys import entity_key
from graph_service.reference import areas
from graph_service.store import Store
from graph_service.visibility import Level, Viewer, cnf_and, parse_marking
from ingest.resolve import resolve
from ingest.writer import BUSY, batch_params, touched_days
from queries.guard import tokens

LE, INTEL, OPEN = Side.LE, Side.INTEL, Side.OPEN
U = "UNCLASSIFIED"
LES = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
C_REL = "CONFIDENTIAL//REL TO USA, GBR"
S = "SECRET//NOFORN"
S_LES = "SECRET//NOFORN//LAW ENFORCEMENT SENSITIVE"
TS = "TOP SECRET//SI//NOFORN"

GOD = Viewer.from_attributes(
    "test-writer", Level.TOP_SECRET, ["SI", "TK", "HCS"], ["USA", "GBR", "CAN", "AUS", "NZL"],
    ["LES", "ORCON", "CUI"],
)


def viewer(
    name: str, clearance: Level = Level.UNCLASSIFIED, *, les: bool = False,
    compartments: tuple[str, ...] = (), citizenship: tuple[str, ...] = ("USA",),
) -> Viewer:
    """A viewer cleared at `clearance`, with LES if asked."""
    return Viewer.from_attributes(name, clearance, compartments, citizenship, ["LES"] if les else [])


@dataclass(frozen=True)
class M:
    """A mention: kind, surface, sentence index."""

    kind: EntityKind
    surface: str
    sentence: int = 0

    @property
    def key(self) -> str:
        """The entity key ingest gives this mention."""
        key = entity_key(self.mention(0), "unused")
        assert key is not None
        return key

    def mention(self, start: int) -> Mention:
        value = normalise(self.kind, self.surface) if self.kind in IDENTIFIER_KINDS else None
        return Mention(
            kind=self.kind, surface=self.surface, start=start, end=start + len(self.surface),
            sentence=self.sentence, confidence=0.9, value=value,
        )


def mention(kind: EntityKind, surface: str, sentence: int = 0) -> M:
    """A mention of `surface` as a `kind`, in sentence `sentence` of its report."""
    return M(kind, surface, sentence)


@dataclass(frozen=True)
class Rel:
    """A stated relation between two mentions of one report (indexes into its mentions)."""

    kind: RelationKind
    source: int
    target: int


@dataclass(frozen=True)
class Rep:
    """A report of a test world."""

    id: str
    side: Side
    marking: str
    mentions: tuple[M, ...]
    relations: tuple[Rel, ...] = ()
    area: str | None = None
    at: str = "2025-05-01T12:00:00+00:00"
    agency: str = "Test Agency"

    @property
    def label(self) -> tuple[str, ...]:
        """The stored CNF label of the report's marking."""
        return parse_marking(self.marking).cnf()

    def written(self) -> tuple[Report, Extraction]:
        """The report and the extraction ingest would make of it."""
        parts: list[str] = []
        mentions: list[Mention] = []
        offset = 0
        for sentence in sorted({m.sentence for m in self.mentions}):
            for m in (m for m in self.mentions if m.sentence == sentence):
                mentions.append(m.mention(offset))
                parts.append(m.surface + " ")
                offset += len(m.surface) + 1
            parts.append("were noted. ")
            offset += len("were noted. ")
        order = sorted(range(len(self.mentions)), key=lambda i: (self.mentions[i].sentence, i))
        position = {original: new for new, original in enumerate(order)}
        relations = tuple(
            StatedRelation(r.kind, position[r.source], position[r.target],
                           self.mentions[r.source].sentence, 0.9)
            for r in self.relations
        )
        report = Report(
            id=self.id, agency=self.agency, side=self.side, marking=self.marking, area=self.area,
            reported_at=datetime.fromisoformat(self.at), event_at=None, title=f"Report {self.id}",
            text="".join(parts).strip(),
        )
        return report, Extraction(tuple(mentions), relations)


def report(
    id: str, side: Side, marking: str, *mentions: M, relations: tuple[Rel, ...] = (),
    area: str | None = None, at: str = "2025-05-01T12:00:00+00:00", agency: str = "Test Agency",
) -> Rep:
    """A report of `side` under `marking` that mentions `mentions`."""
    return Rep(id, side, marking, tuple(mentions), relations, area, at, agency)


@dataclass(frozen=True)
class Cand:
    """A POSSIBLY_SAME candidate a -> b, supported by two reports."""

    a: str
    b: str
    score: float
    reports: tuple[str, str]
    method: str = "fuzzy"


@dataclass(frozen=True)
class Watch:
    """A watchlist entry."""

    key: str
    reason: str
    marking: str

    @property
    def label(self) -> tuple[str, ...]:
        return parse_marking(self.marking).cnf()


@dataclass(frozen=True)
class World:
    """Reports, candidates, watchlist entries and judgements (pair, verdict)."""

    reports: tuple[Rep, ...]
    candidates: tuple[Cand, ...] = ()
    watches: tuple[Watch, ...] = ()
    judgements: tuple[tuple[str, str, str], ...] = ()

    def report(self, report_id: str) -> Rep:
        return next(r for r in self.reports if r.id == report_id)

    def candidate_label(self, cand: Cand) -> tuple[str, ...]:
        first, second = (self.report(r).label for r in cand.reports)
        return cnf_and(first, second)

    def seen_by(self, who: Viewer) -> World:
        """Everything `who` may not see removed (the second world of noninterference)."""
        kept = tuple(r for r in self.reports if who.can_see(list(r.label)))
        ids = {r.id for r in kept}
        candidates = tuple(
            c for c in self.candidates
            if set(c.reports) <= ids and who.can_see(list(self.candidate_label(c)))
        )
        pairs = {(c.a, c.b) for c in candidates}
        return World(
            kept, candidates, tuple(w for w in self.watches if who.can_see(list(w.label))),
            tuple(j for j in self.judgements if (j[0], j[1]) in pairs),
        )

    def plus(self, other: World) -> World:
        """This world with `other`'s reports, candidates, entries and judgements added."""
        return replace(
            self, reports=self.reports + other.reports,
            candidates=self.candidates + other.candidates, watches=self.watches + other.watches,
            judgements=self.judgements + other.judgements,
        )


def write(store: Store, world: World) -> None:
    """Replace the store's data with `world`."""
    store.run_batched("wipe_data", {})
    reference = [{"code": a.code, "name": a.name, "kind": a.kind.value, "state": a.state} for a in areas()]
    resolved = [resolve(*r.written()) for r in world.reports]
    p = batch_params(resolved)
    candidates = [
        {"a": c.a, "b": c.b, "score": c.score, "method": c.method,
         "level": max(parse_marking(world.report(r).marking).level for r in c.reports),
         "vis": list(world.candidate_label(c)), "reports": list(c.reports)}
        for c in world.candidates
    ]
    steps: list[tuple[str, dict[str, object]]] = [
        ("area_seed", {"areas": reference}),
        ("report_put", {"reports": p["reports"]}),
        ("entity_put", {"entities": p["entities"]}),
        ("mention_put", {"mentions": p["mentions"], "refresh": [], **BUSY}),
        ("related_put", {"relations": p["relations"]}),
        ("area_put", {"links": p["areas"]}),
        ("area_day_put", {"touched": touched_days(p["reports"], [])}),
        ("candidate_put", {"candidates": candidates}),
    ]
    for w in world.watches:
        marking = parse_marking(w.marking)
        steps.append(("watch_put", {
            "key": w.key, "reason": w.reason, "level": int(marking.level), "vis": list(marking.cnf()),
            "by": "test-admin", "at": "2025-01-01T00:00:00+00:00",
        }))
    for a, b, verdict in world.judgements:
        steps.append(("judgement_put", {
            "a": a, "b": b, "verdict": verdict, "by": "test-analyst",
            "at": "2025-02-01T00:00:00+00:00", "note": None, "tokens": tokens(GOD),
        }))
    store.write_all(steps)
