"""The world a scenario describes: who and what exists, independent of any report.

Invariants
- Name keys (see `names.py`) have one owner. A background key belongs to one scope
  (LE, INTEL or OPEN); a planted person's key belongs to that person alone. So people
  who cannot be told apart by name exist across scopes only where a decoy puts them.
- Organisation and facility names are unique; identifiers come from allocators that
  never repeat a value. Every shared name or identifier was shared on purpose.
- Background entities stay in their scope. Apart from planted paths, the only
  entities that appear on both the LE and the INTEL side are hubs (cities, venues,
  ports of entry, agencies, busy business phone lines), which must never bridge.
- `entities` lists every non-local entity in cluster order; local entities belong to
  one report and are written out right after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import Any

from graph_service.domain import EntityKind, Side
from graph_service.reference import Agency, Area, AreaKind, agencies, areas

from .entities import Entity, Role, Value
from .identifiers import PhoneBook, btc_address, eth_address, iban, make_email, make_vehicle
from .names import NameKey, OrgName, PersonName, random_name, random_org_name
from .places import FOREIGN_CITIES, PORTS_OF_ENTRY, VENUES, Facility, Place, random_facility

PLANTED = "planted"  # scope of chain, subject and decoy entities
SHARED = "shared"  # scope of hubs

_NATIONALITIES = (
    "Jordanian", "Syrian", "Egyptian", "Lebanese", "Iraqi", "Yemeni", "Somali", "Pakistani",
    "Afghan", "Turkish", "Russian", "Ukrainian", "Mexican", "Colombian", "Venezuelan",
    "Canadian", "British", "German", "French", "U.S.", "dual U.S.-Canadian",
)
# Busy business lines that many unrelated people call or list: (description, area code).
_HUB_LINES = (
    ("the customer line of a national car rental chain", "800"),
    ("the reservations line of a national hotel chain", "888"),
    ("the activation line of a prepaid phone card vendor", "877"),
    ("the dispatch line of a cross-border shuttle service", "866"),
)


@dataclass(slots=True)
class Pool:
    """Recurring background entities of one scope."""

    persons: list[Entity] = field(default_factory=list)
    orgs: list[Entity] = field(default_factory=list)
    facilities: list[Entity] = field(default_factory=list)


class World:
    """Entity factories, hubs and background pools for one scenario."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = Random(f"nexus-scenario/{seed}/world")
        self.phones = PhoneBook()
        self.entities: list[Entity] = []
        self._clusters = 0
        self._serial = 0
        self._name_owner: dict[NameKey, str] = {}
        self._used_names: set[str] = set()

        self.areas: list[Area] = areas()
        self.urban = [a for a in self.areas if a.kind is AreaKind.URBAN_AREA]
        self.state_like = [a for a in self.areas if a.kind is not AreaKind.URBAN_AREA]
        self._by_code = {a.code: a for a in self.areas}
        self.agencies: dict[Side, list[Agency]] = {
            side: [ag for ag in agencies() if side in ag.sides] for side in Side
        }

        # Hubs, created up front so their clusters come first.
        self.places = {
            a.code: self._new(EntityKind.LOCATION, Place(a.name), Role.HUB, SHARED)
            for a in self.areas
        }
        self.foreign = [
            self._new(EntityKind.LOCATION, Place(name), Role.HUB, SHARED) for name in FOREIGN_CITIES
        ]
        self.venues = [
            self._new(EntityKind.FACILITY, _named_site(name, sector, state), Role.HUB, SHARED)
            for name, state, sector in VENUES
        ]
        self.ports = [
            self._new(
                EntityKind.FACILITY,
                _named_site(name, "Transportation Systems", state),
                Role.HUB,
                SHARED,
            )
            for name, state in PORTS_OF_ENTRY
        ]
        self.agency_orgs = {
            ag.name: self._new(
                EntityKind.ORGANIZATION, OrgName(ag.name, "", None), Role.HUB, SHARED
            )
            for ag in agencies()
        }
        self.hub_lines: list[Entity] = []
        for line, area_code in _HUB_LINES:
            hub = self._new(EntityKind.PHONE, self.phones.us(area_code), Role.HUB, SHARED)
            hub.attrs["line"] = line
            self.hub_lines.append(hub)
        self.pools: dict[Side, Pool] = {side: Pool() for side in Side}

    # ------------------------------------------------------------------ areas & agencies

    def area(self, code: str) -> Area:
        """The area with this code."""
        return self._by_code[code]

    def random_area(self, rng: Random) -> Area:
        """An area for nationwide reporting: urban areas (big ones most) or any state."""
        if rng.random() < 0.55:
            # Urban areas are listed roughly by population; big cities file more reports.
            return self.urban[int(len(self.urban) * rng.random() ** 1.5)]
        return rng.choice(self.state_like)

    def busy_venue(self, rng: Random) -> Entity:
        """A public venue, the famous ones (listed first) far more often."""
        return self.venues[int(len(self.venues) * rng.random() ** 2)]

    def agency_and_area(self, side: Side, rng: Random) -> tuple[Agency, Area]:
        """A contributing agency for the side and an area it reports on."""
        agency = rng.choice(self.agencies[side])
        if agency.areas:
            return agency, self._by_code[rng.choice(agency.areas)]
        return agency, self.random_area(rng)

    def place_of(self, area: Area) -> Entity:
        """The Location hub naming an area (its city, or the state itself)."""
        return self.places[area.code]

    # ------------------------------------------------------------------ factories

    def person(
        self,
        rng: Random,
        scope: str,
        role: Role,
        home: Area,
        *,
        local: bool = False,
        name: PersonName | None = None,
        born: int | None = None,
    ) -> Entity:
        """A person; draws a name the scope may use unless one is given (decoys)."""
        if name is None:
            name = self._draw_name(rng, scope)
        foreign_weight = 0.2 if scope in (Side.LE, Side.OPEN) else 0.85
        nationality = rng.choice(_NATIONALITIES) if rng.random() < foreign_weight else "U.S."
        attrs: dict[str, Any] = {
            "born": born if born is not None else rng.randrange(1960, 2006),
            "nationality": nationality,
            "home": home.code,
        }
        return self._new(EntityKind.PERSON, name, role, scope, local=local, attrs=attrs)

    def org(self, rng: Random, scope: str, role: Role, home: Area, *, local: bool = False) -> Entity:
        """An organisation with a name no other organisation uses."""
        for _ in range(10_000):
            name = random_org_name(rng)
            if name.base in self._used_names:
                continue
            if name.alias in self._used_names:
                name = OrgName(name.base, name.suffix, None)
            self._used_names.update(n for n in (name.base, name.alias) if n)
            return self._new(
                EntityKind.ORGANIZATION, name, role, scope, local=local, attrs={"home": home.code}
            )
        raise RuntimeError("organisation names exhausted")

    def facility(self, rng: Random, scope: str, role: Role, home: Area) -> Entity:
        """A fictional critical-infrastructure facility with a unique name."""
        for _ in range(10_000):
            site = random_facility(rng, home.state)
            if site.name not in self._used_names:
                self._used_names.add(site.name)
                return self._new(EntityKind.FACILITY, site, role, scope, attrs={"home": home.code})
        raise RuntimeError("facility names exhausted")

    def phone(
        self, rng: Random, scope: str, role: Role, home: Area, *, local: bool = False,
        foreign: bool = False,
    ) -> Entity:
        """A fresh phone number in the home area, or a fictional UK number if asked."""
        if foreign and self.phones.foreign_left:
            number = self.phones.foreign()
        else:
            number = self.phones.us(rng.choice(home.area_codes))
        return self._new(EntityKind.PHONE, number, role, scope, local=local)

    def email(self, rng: Random, owner: Entity, role: Role, *, local: bool = False) -> Entity:
        """A fresh e-mail address, usually built from the owner's name."""
        v = owner.value
        first, last = (v.first, v.last) if isinstance(v, PersonName) else ("info", owner.canonical)
        address = make_email(first, last, self._next_serial(), rng)
        return self._new(EntityKind.EMAIL, address, role, owner.scope, local=local)

    def vehicle(self, rng: Random, scope: str, role: Role, home: Area, *, local: bool = False) -> Entity:
        """A fresh vehicle registered in the home area's state."""
        state = self._by_code[home.state]
        car = make_vehicle(state.code, state.name, self._next_serial(), rng)
        return self._new(EntityKind.VEHICLE, car, role, scope, local=local)

    def account(self, rng: Random, scope: str, role: Role, *, local: bool = False) -> Entity:
        """A fresh Bitcoin or Ethereum wallet, or an IBAN."""
        roll = rng.random()
        if roll < 0.45:
            acct = btc_address(rng)
        elif roll < 0.75:
            acct = eth_address(rng)
        else:
            acct = iban(self._next_serial(), rng)
        return self._new(EntityKind.ACCOUNT, acct, role, scope, local=local)

    def asset(self, owner: Entity, kind: EntityKind, rng: Random) -> Entity:
        """The owner's own phone, e-mail, vehicle or account, created on first use."""
        existing = owner.assets.get(kind)
        if existing is not None:
            return existing
        home = self._by_code[owner.attrs["home"]]
        role, scope, local = owner.role, owner.scope, owner.local
        match kind:
            case EntityKind.PHONE:
                foreign = owner.attrs.get("nationality", "U.S.") not in ("U.S.", "dual U.S.-Canadian")
                made = self.phone(rng, scope, role, home, local=local, foreign=foreign and rng.random() < 0.5)
            case EntityKind.EMAIL:
                made = self.email(rng, owner, role, local=local)
            case EntityKind.VEHICLE:
                made = self.vehicle(rng, scope, role, home, local=local)
            case EntityKind.ACCOUNT:
                made = self.account(rng, scope, role, local=local)
            case _:
                raise ValueError(f"{kind} is not an identifier kind")
        owner.assets[kind] = made
        return made

    # ------------------------------------------------------------------ pools

    def build_pools(self, size: int) -> None:
        """Create the recurring background entities; their number grows with the corpus."""
        rng = self.rng
        plan = {
            Side.LE: (max(30, size // 50), max(8, size // 600), max(8, size // 600)),
            Side.INTEL: (max(20, size // 80), max(8, size // 600), max(6, size // 800)),
            Side.OPEN: (max(10, size // 300), max(5, size // 1200), max(10, size // 500)),
        }
        for side, (n_persons, n_orgs, n_facilities) in plan.items():
            pool = self.pools[side]
            for _ in range(n_persons):
                home = self.random_area(rng)
                pool.persons.append(self.person(rng, side, Role.BACKGROUND, home))
            for _ in range(n_orgs):
                pool.orgs.append(self.org(rng, side, Role.BACKGROUND, self.random_area(rng)))
            for _ in range(n_facilities):
                home = rng.choice(self.state_like)
                pool.facilities.append(self.facility(rng, side, Role.BACKGROUND, home))

    # ------------------------------------------------------------------ internals

    def _new(
        self,
        kind: EntityKind,
        value: Value,
        role: Role,
        scope: str,
        *,
        local: bool = False,
        attrs: dict[str, Any] | None = None,
    ) -> Entity:
        self._clusters += 1
        entity = Entity(f"E{self._clusters:08d}", kind, value, role, scope, local=local, attrs=attrs)
        if not local:
            self.entities.append(entity)
        return entity

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def _draw_name(self, rng: Random, scope: str) -> PersonName:
        for _ in range(100_000):
            name = random_name(rng)
            owner = self._name_owner.get(name.key)
            if owner is None:
                self._name_owner[name.key] = scope
                return name
            if owner == scope and scope != PLANTED:
                return name
        raise RuntimeError(f"no free person names left for scope {scope}")


def _named_site(name: str, sector: str, state: str) -> Facility:
    # Venues and ports are known by their proper name alone, so they have no type suffix.
    return Facility(name=name, type="", sector=sector, state=state)
