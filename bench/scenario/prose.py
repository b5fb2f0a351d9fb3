"""The composer: turns a report plan into a title and 100-600 words of prose.

A report reads: optional lead, a scene sentence about the focal entity, the plan's
facts and a few passers-by in shuffled order with name-free filler between them, and
an optional closing, split into paragraphs. Sentences are rendered in text order, so
a person's first mention uses the report's name style and later ones the short form.
Every mention written is recorded once per (entity, surface); filler, leads and
closings contain no names, so what is recorded is everything entity-like that a
template put in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from random import Random

from graph_service.domain import EntityKind, RelationKind, Side

from .entities import Entity
from .identifiers import Account, Vehicle
from .names import NameStyle, OrgName, PersonName
from .places import Facility, Place
from .plans import Fact, FactKind, ReportPlan
from .templates import (
    ALIAS_SCENES,
    CLOSINGS,
    DETAILS,
    FACTS,
    FILLER_PREDICATES,
    FILLER_SENTENCES,
    FILLER_SUBJECTS,
    FILLER_TAILS,
    GENERIC_SCENES,
    INCIDENTAL,
    LEADS,
    PREFIXES,
    PRESENCE,
    SCENES,
    TITLES,
    VALUES,
)
from .world import World

MIN_WORDS, MAX_WORDS = 100, 600
# Place names that take an article in running text ("in the District of Columbia").
_THE = frozenset({"District of Columbia", "U.S. Virgin Islands", "Northern Mariana Islands"})
REFERENCE_YEAR = 2026  # ages in the text are computed against this year

_FIELD = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_VAGUE_TIMES = ("in recent weeks", "earlier this month", "over the past several weeks", "recently")
_MENTION_ATTRS = (None, "desc", "plate", "vin", "aka")

Piece = tuple[str, str | None, str | None]  # literal text, then a field and its attribute


@cache
def compile_template(template: str) -> tuple[Piece, ...]:
    """Split a template into (literal, field, attribute) pieces; cached per template."""
    pieces: list[Piece] = []
    pos = 0
    for match in _FIELD.finditer(template):
        pieces.append((template[pos : match.start()], match.group(1), match.group(2)))
        pos = match.end()
    pieces.append((template[pos:], None, None))
    return tuple(pieces)


@dataclass(frozen=True, slots=True)
class Written:
    """A composed report: title, text, the mentions the text contains and the people whose
    birth year it states (as a year or an age)."""

    title: str
    text: str
    mentions: list[tuple[Entity, str]]
    born_stated: list[Entity]


class Composer:
    """Writes reports for one world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def write(self, plan: ReportPlan, event_at: datetime | None, rng: Random) -> Written:
        """Compose the report; `event_at` None means the plan's time is unknown."""
        ctx = _Context(self.world, plan, event_at, rng)
        side = plan.side
        focal = plan.focal
        body: list[tuple[str, Fact]] = []
        named = {id(e) for f in plan.facts if f.kind is not FactKind.PRESENCE for e in (f.a, f.b) if e}
        for fact in plan.facts:
            if fact.kind is FactKind.PRESENCE:
                # The scene introduces the focal entity; other PRESENCE facts only matter for
                # entities no other fact names.
                if fact.a is focal or id(fact.a) in named:
                    continue
                body.append((rng.choice(PRESENCE[fact.a.kind]), fact))
            elif fact.kind is FactKind.INCIDENTAL:
                body.append((rng.choice(INCIDENTAL[side]), fact))
            else:
                body.append((rng.choice(FACTS[fact_key(fact)]), fact))
        rng.shuffle(body)

        scene = Fact(FactKind.PRESENCE, focal)
        sentences = [ctx.render(self._scene(plan, focal, rng), scene)]
        for template, fact in body:
            # Attributions go only before sentences that open with a name.
            attribute = template.startswith(("{a}", "{b}")) and rng.random() < 0.2
            prefix = rng.choice(PREFIXES[side]) if attribute else ""
            sentences.append(ctx.render(template, fact, prefix))
        if rng.random() < 0.35:
            sentences.insert(0, rng.choice(LEADS[side]))
            scene_at = 1
        else:
            scene_at = 0
        words = sum(len(s.split()) for s in sentences)
        target = MIN_WORDS + 10 + int(490 * rng.betavariate(1.0, 4.5))
        closing = rng.choice(CLOSINGS[side]) if rng.random() < 0.7 else ""
        budget = MAX_WORDS - len(closing.split()) - 5
        fillers = _Fillers(plan, rng)
        while words < target and (filler_template := fillers.next()) is not None:
            filler = ctx.render(filler_template, scene)
            n = len(filler.split())
            if words + n > budget:
                break
            sentences.insert(rng.randint(scene_at + 1, len(sentences)), filler)
            words += n
        if closing:
            sentences.append(closing)
            words += len(closing.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            raise RuntimeError(f"report of {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
        area = plan.area.name
        title = rng.choice(TITLES[plan.kind]).format(area=f"the {area}" if area in _THE else area)
        return Written(
            title=title, text=_paragraphs(sentences, rng), mentions=ctx.mentions, born_stated=ctx.born_stated
        )

    @staticmethod
    def _scene(plan: ReportPlan, focal: Entity, rng: Random) -> str:
        if isinstance(focal.value, OrgName) and focal.value.alias and rng.random() < 0.4:
            return rng.choice(ALIAS_SCENES)
        return rng.choice(SCENES.get((plan.kind, focal.kind)) or GENERIC_SCENES[focal.kind])


def fact_key(fact: Fact) -> str:
    """The FACTS bank a fact is written from."""
    b = fact.b
    if b is None:
        raise ValueError(f"{fact.kind} fact without a second entity")
    match fact.kind:
        case FactKind.USES:
            owner = "org_" if fact.a.kind is EntityKind.ORGANIZATION else ""
            return owner + _identifier_key(b)
        case FactKind.RELATION:
            return _relation_key(fact.relation, b)
        case FactKind.COMENTION:
            return "comention_" + {
                EntityKind.PERSON: "person",
                EntityKind.ORGANIZATION: "org",
                EntityKind.FACILITY: "facility",
            }[b.kind]
        case _:
            return fact.kind.value


def _identifier_key(b: Entity) -> str:
    v = b.value
    if isinstance(v, Account):
        return "uses_iban" if v.scheme == "iban" else "uses_crypto"
    return {
        EntityKind.PHONE: "uses_phone",
        EntityKind.EMAIL: "uses_email",
        EntityKind.VEHICLE: "uses_vehicle",
    }[b.kind]


def _relation_key(relation: RelationKind | None, b: Entity) -> str:
    match relation:
        case RelationKind.CALLED:
            return "called_person" if b.kind is EntityKind.PERSON else "called_phone"
        case RelationKind.OWNS:
            return "owns_vehicle" if b.kind is EntityKind.VEHICLE else "owns_phone"
        case None:
            raise ValueError("RELATION fact without a relation")
        case _:
            return relation.value.lower()


class _Context:
    """Per-report state: which entities are introduced, and the mentions written."""

    def __init__(self, world: World, plan: ReportPlan, event_at: datetime | None, rng: Random) -> None:
        self.world = world
        self.plan = plan
        self.rng = rng
        self.when = _when(event_at, rng)
        self.mentions: list[tuple[Entity, str]] = []
        self.born_stated: list[Entity] = []
        self._seen: set[tuple[str, str]] = set()
        self._intro: dict[str, NameStyle] = {}
        self._surname_owner: dict[str, str] = {}
        self._no_short: set[str] = set()
        self._port: Entity | None = None

    def render(self, template: str, fact: Fact, prefix: str = "") -> str:
        """Render one sentence; `prefix` is an attribution put in front of it."""
        pieces = compile_template(template)
        out: list[str] = []
        for literal, name, attr in pieces:
            out.append(literal)
            if name is not None:
                out.append(self._field(name, attr, fact))
        text = "".join(out)
        return prefix + text

    def _field(self, name: str, attr: str | None, fact: Fact) -> str:
        rng = self.rng
        match name:
            case "a":
                return self._entity(fact.a, attr)
            case "b" if fact.b is not None:
                return self._entity(fact.b, attr)
            case "city":
                place = self.plan.area.name
                the = "the " if place in _THE else ""
                return the + self._mention(self.world.place_of(self.plan.area), place)
            case "agency":
                agency = self.plan.agency.name
                return self._mention(self.world.agency_orgs[agency], agency)
            case "poe":
                port = self._port_of_entry()
                return self._mention(port, port.canonical)
            case "when":
                return self.when
            case "When":
                return self.when[0].upper() + self.when[1:]
            case "n":
                return str(rng.randint(3, 14))
            case "usd":
                return f"{rng.randrange(900, 9800):,}"
            case "year":
                return str(rng.randrange(2012, 2026))
            case "coins":
                return self._coins(fact.b)
        return rng.choice(VALUES[name])

    def _entity(self, entity: Entity, attr: str | None) -> str:
        v = entity.value
        if isinstance(v, PersonName):
            return self._person(entity, v, attr)
        if isinstance(v, Vehicle):
            return self._vehicle(entity, v, attr)
        if attr == "line":
            return str(entity.attrs["line"])
        if isinstance(v, OrgName):
            if attr == "aka" and v.alias:
                return self._mention(entity, v.alias)
            return self._mention(entity, self._org_surface(entity, v))
        if attr is not None:
            raise KeyError(f"attribute {attr!r} does not apply to {entity.kind}")
        if isinstance(v, Place):
            return self._mention(entity, v.canonical)
        return self._mention(entity, v.surface(self.rng))

    def _person(self, entity: Entity, name: PersonName, attr: str | None) -> str:
        match attr:
            case "age":
                self.born_stated.append(entity)
                return str(REFERENCE_YEAR - entity.attrs["born"])
            case "born":
                self.born_stated.append(entity)
                return str(entity.attrs["born"])
            case "nat":
                return str(entity.attrs["nationality"])
        cluster = entity.cluster
        style = self._intro.get(cluster)
        if style is None:
            style = self.plan.styles.get(cluster, NameStyle.FULL)
            self._intro[cluster] = style
            owner = self._surname_owner.setdefault(name.last, cluster)
            if owner != cluster:  # two people share a surname here: never shorten either
                self._no_short.update((owner, cluster))
            return self._mention(entity, name.render(style, self.rng))
        if cluster in self._no_short:
            return self._mention(entity, name.render(NameStyle.FULL, self.rng))
        return self._mention(entity, name.short(style))

    def _vehicle(self, entity: Entity, car: Vehicle, attr: str | None) -> str:
        match attr:
            case "model":
                return car.model_phrase
            case "vin":
                return self._mention(entity, car.vin)
            case "desc":
                plate = self._mention(entity, car.surface(self.rng))
                article = "an" if car.color[0] in "aeiou" else "a"
                return f"{article} {car.model_phrase} bearing {plate}"
        return self._mention(entity, car.surface(self.rng))

    def _org_surface(self, entity: Entity, org: OrgName) -> str:
        if entity.cluster in self._intro:
            return org.base
        self._intro[entity.cluster] = NameStyle.FULL
        forms = org.variants()[:4]  # the alias is only used where a sentence introduces it
        return self.rng.choices(forms, weights=(55, 25, 10, 10)[: len(forms)])[0]

    def _mention(self, entity: Entity, surface: str) -> str:
        key = (entity.cluster, surface)
        if key not in self._seen:
            self._seen.add(key)
            self.mentions.append((entity, surface))
        return surface

    def _port_of_entry(self) -> Entity:
        if self._port is None:
            state = self.plan.area.state
            local = [p for p in self.world.ports if isinstance(p.value, Facility) and p.value.state == state]
            self._port = self.rng.choice(local or self.world.ports)
        return self._port

    def _coins(self, account: Entity | None) -> str:
        v = account.value if account else None
        coin = "ETH" if isinstance(v, Account) and v.scheme == "eth" else "BTC"
        return f"{self.rng.uniform(0.05, 3.0):.3f} {coin}"


def _when(event_at: datetime | None, rng: Random) -> str:
    if event_at is None:
        return rng.choice(_VAGUE_TIMES)
    day, month, year = event_at.day, _MONTHS[event_at.month - 1], event_at.year
    match rng.randrange(4):
        case 0:
            return f"on {day} {month} {year}"
        case 1:
            return f"on {month} {day}, {year}"
        case 2:
            return f"on {event_at:%Y-%m-%d}"
        case _:
            return f"at about {event_at:%H:%M} on {day} {month} {year}"


class _Fillers:
    """Name-free sentences for one report, never repeating one within it."""

    def __init__(self, plan: ReportPlan, rng: Random) -> None:
        self.rng = rng
        self.side = plan.side
        # Shuffled copies drawn from the end: each sentence or predicate is used once.
        self.details = list(DETAILS[plan.kind])
        self.sentences = list(FILLER_SENTENCES[plan.side])
        self.predicates = list(FILLER_PREDICATES[plan.side])
        for bank in (self.details, self.sentences, self.predicates):
            rng.shuffle(bank)

    def next(self) -> str | None:
        """Another filler template (value fields like {n}, never entities); None when out."""
        rng = self.rng
        roll = rng.random()
        if self.details and roll < 0.35:
            return self.details.pop()
        if self.sentences and roll < 0.65:
            return self.sentences.pop()
        if self.predicates:
            subject = rng.choice(FILLER_SUBJECTS[self.side])
            tail = rng.choice(FILLER_TAILS) if self.side is not Side.INTEL else ""
            return f"{subject} {self.predicates.pop()}{tail}."
        return self.details.pop() if self.details else (self.sentences.pop() if self.sentences else None)


def _paragraphs(sentences: list[str], rng: Random) -> str:
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        step = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[i : i + step]))
        i += step
    return "\n\n".join(paragraphs)


def mentions_entity(template: str, field: str) -> bool:
    """Whether rendering the template writes a mention of entity field `a` or `b`."""
    return any(name == field and attr in _MENTION_ATTRS for _, name, attr in compile_template(template))
