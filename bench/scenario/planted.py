"""Planted truth: nexus chains, decoys, the watchlist and the alerts they imply.

A chain joins an entity in an LE report to an intelligence subject in an INTEL report
through 1-3 hops. Each hop is one piece of evidence:

- shared_identifier: both ends use the same phone, e-mail, account or vehicle, stated
  in two different reports;
- stated_relation: one report says "A met with B", "A is a member of B", "A drove
  <vehicle>", "A surveilled the <facility>"...;
- co_mention: one sentence names both without a typed relation.

The chain's facts are cut into 2+ reports (LE first, INTEL last, any side between);
an entity carried from one report to the next is written under its full name or a
strong variant, sometimes a weak one next to an identifier it uses in both.

A decoy looks like a path but is not one: a different person with the subject's name,
or two people joined only through a big city, a busy venue or a business phone line
that hundreds of unrelated reports also name.

Report positions are drawn at random, so a chain may complete on its LE report or on
its INTEL report; the alert fires on whichever of its reports is ingested last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from random import Random
from typing import Any

from graph_service.domain import EntityKind, RelationKind, Side

from .entities import Entity, Role, report_id
from .markings import pick_marking
from .names import STRONG_STYLES, NameStyle, PersonName
from .plans import Fact, FactKind, ReportKind, ReportPlan
from .world import PLANTED, World

SHARED_IDENTIFIER = "shared_identifier"
STATED_RELATION = "stated_relation"
CO_MENTION = "co_mention"

_P, _O, _F = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.FACILITY
_V, _PH = EntityKind.VEHICLE, EntityKind.PHONE

# Hops each pair of adjacent path kinds supports: (via, relation kinds or identifier kinds).
_HOPS: dict[frozenset[EntityKind], tuple[tuple[str, tuple[Any, ...]], ...]] = {
    frozenset({_P}): (
        (SHARED_IDENTIFIER, (_PH, EntityKind.EMAIL, EntityKind.ACCOUNT, _V)),
        (STATED_RELATION, (RelationKind.MET_WITH, RelationKind.CALLED)),
        (CO_MENTION, ()),
    ),
    frozenset({_P, _O}): (
        (SHARED_IDENTIFIER, (_PH, EntityKind.EMAIL, EntityKind.ACCOUNT)),
        (STATED_RELATION, (RelationKind.MEMBER_OF, RelationKind.WORKS_FOR)),
        (CO_MENTION, ()),
    ),
    frozenset({_P, _F}): ((STATED_RELATION, (RelationKind.TARGETS,)), (CO_MENTION, ())),
    frozenset({_P, _V}): ((STATED_RELATION, (RelationKind.DROVE,)),),
    frozenset({_P, _PH}): ((STATED_RELATION, (RelationKind.CALLED,)),),
    frozenset({_O, _V}): ((STATED_RELATION, (RelationKind.OWNS,)),),
    frozenset({_O, _PH}): ((STATED_RELATION, (RelationKind.OWNS,)),),
}
_VIA_WEIGHT = {SHARED_IDENTIFIER: 40, STATED_RELATION: 40, CO_MENTION: 20}
_WEAK_STYLES = (NameStyle.TRANSLIT, NameStyle.NICKNAME, NameStyle.INITIAL, NameStyle.TYPO)

_PERSON_REASONS = (
    "Named in threat reporting on critical infrastructure",
    "Assessed facilitator of travel for a violent extremist network",
    "Suspected financier of a designated organization",
    "Known associate of a designated organization",
    "Subject of an open counterterrorism investigation",
    "Assessed to be acquiring explosive precursors",
)
_ORG_REASONS = (
    "Suspected front company moving funds for a designated group",
    "Assessed to provide logistics support to a violent extremist network",
    "Named in financing reporting as a conduit for overseas transfers",
)


@dataclass(slots=True)
class _Draft:
    """A planted report before it has a position in the corpus."""

    side: Side
    facts: list[Fact]
    styles: dict[str, NameStyle] = field(default_factory=dict)
    kind: ReportKind | None = None
    index: int = -1


@dataclass(slots=True)
class _Step:
    source: Entity
    target: Entity
    via: str
    relation: RelationKind | None
    identifier: Entity | None
    facts: list[Fact]


@dataclass(slots=True)
class _Link:
    path: list[Entity]
    steps: list[_Step]
    drafts: list[_Draft]
    fact_draft: dict[int, _Draft]  # id(fact) -> the draft carrying it


@dataclass(slots=True)
class _Decoy:
    kind: str
    le_entity: Entity
    subject: Entity
    via: Entity | None
    drafts: list[_Draft]
    reason: str


@dataclass(slots=True)
class Planted:
    """Planted reports by corpus position, and the truth records about them."""

    plans: dict[int, ReportPlan]
    links: list[dict[str, Any]]
    decoys: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    watchlist: list[dict[str, Any]]


def counts_for(size: int) -> tuple[int, int, int]:
    """How many chains, decoys and watchlist-only subjects a corpus of `size` gets."""
    chains = max(min(12, size // 20), size // 100)
    decoys = max(min(8, size // 35), size // 250)
    extra_subjects = max(2, chains // 4)
    return chains, decoys, extra_subjects


def plant(world: World, size: int) -> Planted:
    """Build chains, decoys and the watchlist, and give their reports positions."""
    return _Planter(world, size).run()


class _Planter:
    def __init__(self, world: World, size: int) -> None:
        self.world = world
        self.rng = world.rng
        self.size = size
        self.drafts: list[_Draft] = []
        self.plans: dict[int, ReportPlan] = {}

    def run(self) -> Planted:
        rng = self.rng
        n_chains, n_decoys, n_extra = counts_for(self.size)
        links = [self._chain() for _ in range(n_chains)]
        subjects = [link.path[-1] for link in links]
        watched = [s for s in subjects if rng.random() < 0.75]
        for subject in subjects:
            if rng.random() < 0.25:
                self._profile(subject)
        extras = [self._extra_subject() for _ in range(n_extra)]
        watched.extend(extras)
        persons = [s for s in subjects + extras if s.kind is _P]
        if not persons:
            persons = [self._extra_subject(kind=_P)]
            watched.append(persons[0])
        decoy_kinds = ("same_name", "big_city", "popular_venue", "hub_identifier")
        decoys = [self._decoy(decoy_kinds[i % 4], rng.choice(persons)) for i in range(n_decoys)]

        if len(self.drafts) > self.size:
            raise ValueError(f"size {self.size} is too small for {len(self.drafts)} planted reports")
        plans = self._place()
        watch_ids = {s.cluster for s in watched}
        link_records = [self._link_record(i, link) for i, link in enumerate(links, 1)]
        alerts = self._alerts(links, link_records, watch_ids)
        return Planted(
            plans=plans,
            links=link_records,
            decoys=[self._decoy_record(i, d) for i, d in enumerate(decoys, 1)],
            alerts=alerts,
            watchlist=[self._watch_entry(s) for s in watched],
        )

    # ------------------------------------------------------------------ chains

    def _chain(self) -> _Link:
        rng = self.rng
        hops = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
        kinds = self._path_kinds(hops)
        path = [
            self._entity(kind, Role.SUBJECT if i == hops else Role.CHAIN)
            for i, kind in enumerate(kinds)
        ]
        facts = [Fact(FactKind.PRESENCE, path[0])]
        cuts: set[int] = set()  # positions where a new report starts
        steps: list[_Step] = []
        for a, b in pairwise(path):
            step = self._hop(a, b)
            if step.via == SHARED_IDENTIFIER:
                cuts.add(len(facts) + 1)  # the two uses go in different reports
            facts.extend(step.facts)
            steps.append(step)
        facts.append(Fact(FactKind.PRESENCE, path[-1]))
        optional = [p for p in range(1, len(facts)) if p not in cuts]
        cuts.update(p for p in optional if rng.random() < 0.35)
        if not cuts:
            cuts.add(rng.choice(optional))
        bounds = [0, *sorted(cuts), len(facts)]
        groups = [facts[lo:hi] for lo, hi in pairwise(bounds)]
        drafts = []
        for g, group in enumerate(groups):
            if g == 0:
                side = Side.LE
            elif g == len(groups) - 1:
                side = Side.INTEL
            else:
                side = rng.choices((Side.LE, Side.INTEL, Side.OPEN), weights=(40, 45, 15))[0]
            drafts.append(self._draft(side, group))
        self._carry_names(path, drafts)
        fact_draft = {id(f): d for d in drafts for f in d.facts}
        return _Link(path=path, steps=steps, drafts=drafts, fact_draft=fact_draft)

    def _path_kinds(self, hops: int) -> list[EntityKind]:
        rng = self.rng
        while True:
            first = rng.choices((_P, _V, _PH), weights=(75, 13, 12))[0]
            last = rng.choices((_P, _O), weights=(80, 20))[0]
            middle = [rng.choices((_P, _O, _F), weights=(55, 25, 20))[0] for _ in range(hops - 1)]
            kinds = [first, *middle, last]
            if all(frozenset(pair) in _HOPS for pair in pairwise(kinds)):
                return kinds

    def _entity(self, kind: EntityKind, role: Role) -> Entity:
        w, rng = self.world, self.rng
        home = w.random_area(rng)
        match kind:
            case EntityKind.PERSON:
                return w.person(rng, PLANTED, role, home)
            case EntityKind.ORGANIZATION:
                return w.org(rng, PLANTED, role, home)
            case EntityKind.FACILITY:
                return w.facility(rng, PLANTED, role, w.area(home.state))
            case EntityKind.VEHICLE:
                return w.vehicle(rng, PLANTED, role, home)
            case _:
                return w.phone(rng, PLANTED, role, home)

    def _hop(self, a: Entity, b: Entity) -> _Step:
        rng = self.rng
        options = _HOPS[frozenset((a.kind, b.kind))]
        via, choices = rng.choices(options, weights=[_VIA_WEIGHT[o[0]] for o in options])[0]
        # The actor of a stated fact is the person (or the organisation owning an identifier).
        actor, other = (a, b) if _actor_rank(a) <= _actor_rank(b) else (b, a)
        if via == SHARED_IDENTIFIER:
            ident = self._shared_identifier(rng.choice(choices), a)
            uses = [Fact(FactKind.USES, a, ident), Fact(FactKind.USES, b, ident)]
            return _Step(a, b, via, None, ident, uses)
        if via == STATED_RELATION:
            relation: RelationKind = rng.choice(choices)
            fact = Fact(FactKind.RELATION, actor, other, relation)
            return _Step(a, b, via, relation, None, [fact])
        return _Step(a, b, via, None, None, [Fact(FactKind.COMENTION, actor, other)])

    def _shared_identifier(self, kind: EntityKind, owner: Entity) -> Entity:
        w, rng = self.world, self.rng
        home = w.area(owner.attrs["home"])
        match kind:
            case EntityKind.PHONE:
                return w.phone(rng, PLANTED, Role.CHAIN, home, foreign=rng.random() < 0.2)
            case EntityKind.EMAIL:
                return w.email(rng, owner, Role.CHAIN)
            case EntityKind.ACCOUNT:
                return w.account(rng, PLANTED, Role.CHAIN)
            case _:
                return w.vehicle(rng, PLANTED, Role.CHAIN, home)

    def _carry_names(self, path: list[Entity], drafts: list[_Draft]) -> None:
        """Choose how each person is written in each report of the chain."""
        rng = self.rng
        for person in path:
            if person.kind is not _P:
                continue
            appearances = [d for d in drafts if any(_involves(f, person) for f in d.facts)]
            for d in appearances[1:]:
                d.styles[person.cluster] = rng.choices(STRONG_STYLES, weights=(55, 15, 15, 15))[0]
            name = person.value
            if len(appearances) < 2 or rng.random() >= 0.3 or not isinstance(name, PersonName):
                continue
            # A weak variant, anchored by an identifier the person uses in every report.
            anchor = self.world.asset(person, rng.choice((_PH, EntityKind.EMAIL)), rng)
            for d in appearances:
                d.facts.append(Fact(FactKind.USES, person, anchor))
            weak = [s for s in _WEAK_STYLES if name.available(s)]
            rng.choice(appearances[1:]).styles[person.cluster] = rng.choice(weak)

    # ------------------------------------------------------------------ subjects

    def _extra_subject(self, kind: EntityKind | None = None) -> Entity:
        kind = kind or self.rng.choices((_P, _O), weights=(80, 20))[0]
        subject = self._entity(kind, Role.SUBJECT)
        self._profile(subject)
        if self.rng.random() < 0.3:
            self._profile(subject)
        return subject

    def _profile(self, subject: Entity) -> None:
        w, rng = self.world, self.rng
        facts = [Fact(FactKind.PRESENCE, subject)]
        if subject.kind is _O:
            facts.append(Fact(FactKind.USES, subject, w.asset(subject, EntityKind.ACCOUNT, rng)))
        else:
            facts.append(Fact(FactKind.TRAVEL, subject, rng.choice(w.foreign)))
            ident = rng.choice((_PH, EntityKind.EMAIL, EntityKind.ACCOUNT))
            facts.append(Fact(FactKind.USES, subject, w.asset(subject, ident, rng)))
        self._draft(Side.INTEL, facts)

    # ------------------------------------------------------------------ decoys

    def _decoy(self, kind: str, subject: Entity) -> _Decoy:
        w, rng = self.world, self.rng
        home = w.random_area(rng)
        via: Entity | None = None
        born = subject.attrs["born"]
        if kind == "same_name":
            name = subject.value if isinstance(subject.value, PersonName) else None
            # A generation apart, so age in the text tells them apart as it would in life.
            decoy_born = born + 12 if born < 1990 else born - 12
            le = w.person(rng, PLANTED, Role.DECOY, home, name=name, born=decoy_born)
            own = w.vehicle(rng, PLANTED, Role.DECOY, home)
            le_facts = [Fact(FactKind.PRESENCE, le), Fact(FactKind.USES, le, own)]
            abroad = rng.choice(w.foreign)
            intel_facts = [Fact(FactKind.PRESENCE, subject), Fact(FactKind.TRAVEL, subject, abroad)]
            reason = (
                f"Same name as the subject but a different person (born {decoy_born} vs {born}); "
                "no identifier, relation or co-mention connects them."
            )
            le_kind, intel_kind = rng.choice((ReportKind.TRAFFIC_STOP, ReportKind.BORDER)), ReportKind.PROFILE
        else:
            le = w.person(rng, PLANTED, Role.DECOY, home)
            if kind == "big_city":
                via = w.place_of(rng.choice(w.urban[:10]))  # the ten biggest urban areas
                le_facts = [Fact(FactKind.PRESENCE, le), Fact(FactKind.RESIDES, le, via)]
                intel_facts = [Fact(FactKind.PRESENCE, subject), Fact(FactKind.TRAVEL, subject, via)]
                reason = f"Both are linked only to {via.canonical}, a city named in many unrelated reports."
                le_kind, intel_kind = rng.choice((ReportKind.TIP, ReportKind.ARREST)), ReportKind.TRAVEL
            elif kind == "popular_venue":
                via = rng.choice(w.venues[:6])  # the most famous venues
                le_facts = [Fact(FactKind.PRESENCE, le), Fact(FactKind.VISIT, le, via)]
                intel_facts = [Fact(FactKind.PRESENCE, subject), Fact(FactKind.VISIT, subject, via)]
                reason = f"Both visited {via.canonical}, a busy public venue."
                le_kind, intel_kind = ReportKind.SAR, ReportKind.TRAVEL
            else:
                via = rng.choice(w.hub_lines)
                le_facts = [Fact(FactKind.PRESENCE, le), Fact(FactKind.CONTACTED, le, via)]
                intel_facts = [Fact(FactKind.PRESENCE, subject), Fact(FactKind.CONTACTED, subject, via)]
                reason = f"Both contacted {via.attrs['line']}, a number many unrelated people use."
                le_kind, intel_kind = ReportKind.TRAFFIC_STOP, ReportKind.COMMUNICATIONS
        drafts = [self._draft(Side.LE, le_facts, le_kind), self._draft(Side.INTEL, intel_facts, intel_kind)]
        return _Decoy(kind, le, subject, via, drafts, reason)

    # ------------------------------------------------------------------ drafts & records

    def _draft(self, side: Side, facts: list[Fact], kind: ReportKind | None = None) -> _Draft:
        draft = _Draft(side=side, facts=facts, kind=kind)
        self.drafts.append(draft)
        return draft

    def _place(self) -> dict[int, ReportPlan]:
        w, rng = self.world, self.rng
        positions = rng.sample(range(self.size), len(self.drafts))
        plans: dict[int, ReportPlan] = {}
        for draft, index in zip(self.drafts, positions, strict=True):
            draft.index = index
            agency, area = w.agency_and_area(draft.side, rng)
            plans[index] = ReportPlan(
                side=draft.side,
                kind=draft.kind or choose_kind(draft.side, draft.facts, rng),
                agency=agency,
                area=area,
                marking=pick_marking(draft.side, rng),
                facts=draft.facts,
                styles=draft.styles,
            )
        self.plans = plans
        return plans

    def _rid(self, draft: _Draft) -> str:
        return report_id(self.world.seed, draft.index)

    def _markings(self, drafts: list[_Draft]) -> list[str]:
        return [self.plans[d.index].marking for d in drafts]

    def _link_record(self, n: int, link: _Link) -> dict[str, Any]:
        steps = []
        for step in link.steps:
            carriers: list[_Draft] = []
            for fact in step.facts:
                draft = link.fact_draft[id(fact)]
                if draft not in carriers:
                    carriers.append(draft)
            steps.append(
                {
                    "from": step.source.cluster,
                    "to": step.target.cluster,
                    "via": step.via,
                    "relation": step.relation.value if step.relation else None,
                    "identifier": step.identifier.cluster if step.identifier else None,
                    "reports": [self._rid(d) for d in carriers],
                }
            )
        last = max(link.drafts, key=lambda d: d.index)
        return {
            "id": f"LNK-{n:05d}",
            "le_report": self._rid(link.drafts[0]),
            "intel_report": self._rid(link.drafts[-1]),
            "le_entity": link.path[0].cluster,
            "intel_subject": link.path[-1].cluster,
            "hops": len(link.steps),
            "path": [e.cluster for e in link.path],
            "via": [s.via for s in link.steps],
            "steps": steps,
            "reports": [self._rid(d) for d in link.drafts],
            "marking": self._markings(link.drafts),
            "completed_by": self._rid(last),
            "decoy": False,
        }

    def _decoy_record(self, n: int, decoy: _Decoy) -> dict[str, Any]:
        path = [decoy.le_entity] + ([decoy.via] if decoy.via else []) + [decoy.subject]
        return {
            "id": f"DCY-{n:05d}",
            "kind": decoy.kind,
            "le_report": self._rid(decoy.drafts[0]),
            "intel_report": self._rid(decoy.drafts[1]),
            "le_entity": decoy.le_entity.cluster,
            "intel_subject": decoy.subject.cluster,
            "via_entity": decoy.via.cluster if decoy.via else None,
            "hops": len(path) - 1,
            "path": [e.cluster for e in path],
            "reports": [self._rid(d) for d in decoy.drafts],
            "marking": self._markings(decoy.drafts),
            "decoy": True,
            "reason": decoy.reason,
        }

    def _alerts(
        self, links: list[_Link], records: list[dict[str, Any]], watched: set[str]
    ) -> list[dict[str, Any]]:
        fired = [
            (max(d.index for d in link.drafts), link, record)
            for link, record in zip(links, records, strict=True)
            if link.path[-1].cluster in watched
        ]
        fired.sort(key=lambda item: item[0])  # ingest order
        return [
            {
                "id": f"ALR-{n:05d}",
                "subject": link.path[-1].cluster,
                "subject_name": link.path[-1].canonical,
                "link": record["id"],
                "report": record["completed_by"],
                "reports": record["reports"],
                "marking": record["marking"],
            }
            for n, (_, link, record) in enumerate(fired, 1)
        ]

    def _watch_entry(self, subject: Entity) -> dict[str, Any]:
        reasons = _PERSON_REASONS if subject.kind is _P else _ORG_REASONS
        return {
            "cluster": subject.cluster,
            "name": subject.canonical,
            "kind": subject.kind.value,
            "reason": self.rng.choice(reasons),
        }


def choose_kind(side: Side, facts: list[Fact], rng: Random) -> ReportKind:
    """A report kind that suits the facts a planted report carries."""
    kinds = {f.b.kind for f in facts if f.b is not None}
    relations = {f.relation for f in facts if f.relation is not None}
    focal = next((f.a for f in facts if f.kind is FactKind.PRESENCE), facts[0].a)
    if side is Side.LE:
        if focal.kind is _V or _V in kinds:
            return rng.choice((ReportKind.TRAFFIC_STOP, ReportKind.BORDER))
        if focal.kind is _PH:
            return rng.choice((ReportKind.TIP, ReportKind.SAR))
        if RelationKind.TARGETS in relations or _F in kinds:
            return ReportKind.SAR
        return rng.choice((ReportKind.ARREST, ReportKind.TIP, ReportKind.PRECURSOR, ReportKind.SAR))
    if side is Side.INTEL:
        if EntityKind.ACCOUNT in kinds:
            return ReportKind.FINANCING
        if _PH in kinds or EntityKind.EMAIL in kinds or RelationKind.CALLED in relations:
            return ReportKind.COMMUNICATIONS
        if RelationKind.TARGETS in relations or _F in kinds:
            return ReportKind.THREAT_STREAM
        if any(f.kind is FactKind.TRAVEL for f in facts):
            return ReportKind.TRAVEL
        return rng.choice((ReportKind.PROFILE, ReportKind.THREAT_STREAM))
    if _F in kinds or focal.kind is _F:
        return ReportKind.INFRASTRUCTURE
    return ReportKind.MEDIA


def _actor_rank(entity: Entity) -> int:
    # People act on organisations, facilities and identifiers; organisations own identifiers.
    return {_P: 0, _O: 1}.get(entity.kind, 2)


def _involves(fact: Fact, entity: Entity) -> bool:
    return fact.a is entity or fact.b is entity
