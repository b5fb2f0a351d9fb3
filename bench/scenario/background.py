"""Background reports: the unrelated activity that makes up most of a corpus.

Each background report stays inside its side's scope: its people, organisations,
facilities and identifiers are either fresh (local to the report) or drawn from the
side's recurring pool. The only things it may share with the other side are hubs,
which it names often enough to be recognisably generic.
"""

from __future__ import annotations

from itertools import accumulate
from random import Random

from graph_service.domain import EntityKind, RelationKind, Side

from .entities import Entity, Role
from .markings import pick_marking
from .names import NameStyle, PersonName
from .places import BORDER_CITIES
from .plans import SIDE_KINDS, Fact, FactKind, ReportKind, ReportPlan
from .world import World

_SIDES = (Side.LE, Side.INTEL, Side.OPEN)
_SIDE_CUM = tuple(accumulate((55, 30, 15)))
# How often a side's focal person is a recurring pool member rather than someone new.
_POOL_RATE = {Side.LE: 0.35, Side.INTEL: 0.45, Side.OPEN: 0.15}
# Recurring people appear under many forms; each is still the same person.
_POOL_STYLES = tuple(NameStyle)
_POOL_STYLE_CUM = tuple(accumulate((50, 8, 8, 8, 7, 7, 7, 5)))
_LOCAL_STYLES = (NameStyle.FULL, NameStyle.MIDDLE, NameStyle.UPPER, NameStyle.LAST_FIRST)
_LOCAL_STYLE_CUM = tuple(accumulate((70, 10, 10, 10)))

_P, _PH, _EM = EntityKind.PERSON, EntityKind.PHONE, EntityKind.EMAIL
_V, _AC = EntityKind.VEHICLE, EntityKind.ACCOUNT


class Background:
    """Plans background reports and decorates every report with passers-by."""

    def __init__(self, world: World, size: int) -> None:
        self.world = world
        # Hubs must be busy in any corpus size: a few dozen mentions at least.
        self.hub_rate = min(0.1, max(0.006, 60 / size))
        self.venue_rate = min(0.1, max(0.01, 100 / size))
        self._kinds = {
            side: (tuple(k for k, _ in mix), tuple(accumulate(w for _, w in mix)))
            for side, mix in SIDE_KINDS.items()
        }

    def plan(self, rng: Random) -> ReportPlan:
        """A fresh background report plan."""
        side = rng.choices(_SIDES, cum_weights=_SIDE_CUM)[0]
        kinds, cum = self._kinds[side]
        kind = rng.choices(kinds, cum_weights=cum)[0]
        agency, area = self.world.agency_and_area(side, rng)
        plan = ReportPlan(
            side=side,
            kind=kind,
            agency=agency,
            area=area,
            marking=pick_marking(side, rng),
            facts=[],
        )
        self._fill(plan, rng)
        return plan

    def decorate(self, plan: ReportPlan, rng: Random) -> None:
        """Add passers-by (witnesses, passengers, spokespeople) to any report."""
        count = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
        for _ in range(count):
            passer = self.world.person(rng, plan.side, Role.BACKGROUND, plan.area, local=True)
            plan.facts.append(Fact(FactKind.INCIDENTAL, passer))
        focal = plan.focal
        if focal.kind is _P and rng.random() < self.hub_rate:
            plan.facts.append(Fact(FactKind.CONTACTED, focal, rng.choice(self.world.hub_lines)))
        if focal.kind is _P and rng.random() < self.venue_rate:
            plan.facts.append(Fact(FactKind.VISIT, focal, self.world.busy_venue(rng)))

    # ------------------------------------------------------------------ per kind

    def _fill(self, plan: ReportPlan, rng: Random) -> None:
        w, side, area = self.world, plan.side, plan.area
        pool = w.pools[side]
        facts = plan.facts
        focal: Entity
        if plan.kind is ReportKind.INFRASTRUCTURE and pool.facilities:
            focal = _skewed(rng, pool.facilities)
        elif plan.kind in (ReportKind.THREAT_STREAM, ReportKind.FINANCING, ReportKind.MEDIA) and (
            pool.orgs and rng.random() < 0.3
        ):
            focal = _skewed(rng, pool.orgs)
        else:
            focal = self._person(plan, rng)
        facts.append(Fact(FactKind.PRESENCE, focal))

        def maybe(p: float) -> bool:
            return rng.random() < p

        if focal.kind is not _P:
            self._fill_non_person(plan, focal, rng)
            return
        match plan.kind:
            case ReportKind.TRAFFIC_STOP:
                if maybe(0.9):
                    facts.append(self._uses(focal, _V, rng))
                if maybe(0.2):
                    facts.append(self._uses(focal, _PH, rng))
                if maybe(0.15):
                    facts.append(Fact(FactKind.COMENTION, focal, self._local(plan, rng)))
            case ReportKind.ARREST:
                if maybe(0.4):
                    facts.append(self._uses(focal, _PH, rng))
                if maybe(0.3):
                    facts.append(Fact(FactKind.COMENTION, focal, self._local(plan, rng)))
                if pool.orgs and maybe(0.2):
                    facts.append(self._relation(focal, RelationKind.WORKS_FOR, _skewed(rng, pool.orgs)))
            case ReportKind.SAR:
                if pool.facilities and maybe(0.45):
                    target = _skewed(rng, pool.facilities)
                    facts.append(self._relation(focal, RelationKind.TARGETS, target))
                elif maybe(0.4):
                    facts.append(Fact(FactKind.VISIT, focal, w.busy_venue(rng)))
                if maybe(0.3):
                    facts.append(self._uses(focal, _V, rng))
            case ReportKind.BORDER:
                if maybe(0.6):
                    facts.append(self._uses(focal, _V, rng))
                if maybe(0.5):
                    facts.append(Fact(FactKind.TRAVEL, focal, rng.choice(w.foreign[:BORDER_CITIES])))
                if maybe(0.3):
                    facts.append(self._uses(focal, _PH, rng))
            case ReportKind.PRECURSOR:
                if pool.orgs and maybe(0.85):
                    facts.append(Fact(FactKind.PURCHASE, focal, _skewed(rng, pool.orgs)))
                if maybe(0.6):
                    facts.append(self._uses(focal, rng.choice((_PH, _EM)), rng))
                if maybe(0.25):
                    facts.append(self._uses(focal, _V, rng))
            case ReportKind.TIP:
                if maybe(0.4):
                    facts.append(self._uses(focal, _PH, rng))
                if maybe(0.4):
                    facts.append(Fact(FactKind.RESIDES, focal, w.place_of(area)))
                if maybe(0.25):
                    other = self._local(plan, rng)
                    facts.append(self._relation(focal, RelationKind.MET_WITH, other))
            case ReportKind.THREAT_STREAM:
                if pool.orgs and maybe(0.5):
                    facts.append(self._relation(focal, RelationKind.MEMBER_OF, _skewed(rng, pool.orgs)))
                if pool.facilities and maybe(0.4):
                    target = _skewed(rng, pool.facilities)
                    facts.append(self._relation(focal, RelationKind.TARGETS, target))
                elif maybe(0.3):
                    facts.append(Fact(FactKind.VISIT, focal, w.busy_venue(rng)))
                if maybe(0.2):
                    facts.append(Fact(FactKind.COMENTION, focal, self._local(plan, rng)))
            case ReportKind.PROFILE:
                if maybe(0.6):
                    facts.append(self._uses(focal, _PH, rng))
                if maybe(0.4):
                    facts.append(self._uses(focal, _EM, rng))
                if pool.orgs and maybe(0.4):
                    facts.append(self._relation(focal, RelationKind.MEMBER_OF, _skewed(rng, pool.orgs)))
                if maybe(0.3):
                    facts.append(Fact(FactKind.TRAVEL, focal, rng.choice(w.foreign)))
            case ReportKind.TRAVEL:
                facts.append(Fact(FactKind.TRAVEL, focal, rng.choice(w.foreign)))
                if maybe(0.3):
                    facts.append(Fact(FactKind.TRAVEL, focal, rng.choice(w.foreign)))
                if maybe(0.2):
                    facts.append(self._uses(focal, _PH, rng))
                if maybe(0.3):
                    other = self._local(plan, rng)
                    facts.append(self._relation(focal, RelationKind.MET_WITH, other))
            case ReportKind.COMMUNICATIONS:
                if maybe(0.7):
                    phone = w.phone(rng, side, Role.BACKGROUND, area, local=True, foreign=maybe(0.4))
                    facts.append(self._relation(focal, RelationKind.CALLED, phone))
                if maybe(0.4):
                    other = self._local(plan, rng)
                    facts.append(self._relation(focal, RelationKind.CALLED, other))
                if maybe(0.3):
                    facts.append(self._uses(focal, _EM, rng))
            case ReportKind.FINANCING:
                if maybe(0.85):
                    facts.append(self._uses(focal, _AC, rng))
                if pool.orgs and maybe(0.3):
                    facts.append(self._relation(focal, RelationKind.MEMBER_OF, _skewed(rng, pool.orgs)))
            case ReportKind.MEDIA:
                if pool.orgs and maybe(0.4):
                    facts.append(self._relation(focal, RelationKind.WORKS_FOR, _skewed(rng, pool.orgs)))
                if maybe(0.4):
                    facts.append(Fact(FactKind.RESIDES, focal, w.place_of(area)))
                if maybe(0.2):
                    facts.append(Fact(FactKind.VISIT, focal, w.busy_venue(rng)))
            case ReportKind.INFRASTRUCTURE:
                if maybe(0.3):
                    facts.append(self._uses(focal, _V, rng))

    def _fill_non_person(self, plan: ReportPlan, focal: Entity, rng: Random) -> None:
        facts = plan.facts
        if focal.kind is EntityKind.FACILITY:
            if rng.random() < 0.5:
                facts.append(Fact(FactKind.COMENTION, self._local(plan, rng), focal))
            return
        if plan.kind is ReportKind.FINANCING or rng.random() < 0.3:
            facts.append(Fact(FactKind.USES, focal, self.world.asset(focal, _AC, rng)))
        if rng.random() < 0.5:
            member = self._person(plan, rng)
            facts.append(self._relation(member, RelationKind.MEMBER_OF, focal))

    # ------------------------------------------------------------------ helpers

    def _person(self, plan: ReportPlan, rng: Random) -> Entity:
        persons = self.world.pools[plan.side].persons
        if persons and rng.random() < _POOL_RATE[plan.side]:
            person = _skewed(rng, persons)
            style = rng.choices(_POOL_STYLES, cum_weights=_POOL_STYLE_CUM)[0]
            name = person.value
            if isinstance(name, PersonName) and name.available(style):
                plan.styles[person.cluster] = style
            return person
        return self._local(plan, rng)

    def _local(self, plan: ReportPlan, rng: Random) -> Entity:
        person = self.world.person(rng, plan.side, Role.BACKGROUND, plan.area, local=True)
        plan.styles[person.cluster] = rng.choices(_LOCAL_STYLES, cum_weights=_LOCAL_STYLE_CUM)[0]
        return person

    def _uses(self, owner: Entity, kind: EntityKind, rng: Random) -> Fact:
        return Fact(FactKind.USES, owner, self.world.asset(owner, kind, rng))

    @staticmethod
    def _relation(a: Entity, relation: RelationKind, b: Entity) -> Fact:
        return Fact(FactKind.RELATION, a, b, relation)


def _skewed(rng: Random, items: list[Entity]) -> Entity:
    # A few recurring entities are busy, most are seen rarely (roughly Zipf-like).
    return items[int(len(items) * rng.random() ** 1.6)]
