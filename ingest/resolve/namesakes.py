"""Namesakes: people who share a normalised full name, told apart by what reports say.

`resolve()` keys a person on the normalised name alone. This stage, run inside the write
transaction with the graph's view of the batch's names, decides which person a full-name
mention is when that name already has bearers (entities keyed `person:<name>` or
`person:<name>~<digest>`), or when the name is new but a spelling variant of it is known:

1. A bearer whose stated birth year is more than a year away is someone else.
2. A bearer corroborated by a report the new one may cite is the one: it names the same
   identifier, organisation, facility or associate as the new report (no hub), or the same
   birth year. The most corroborated bearer wins.
3. Otherwise the name alone decides while it has one bearer and no conflict: the mention
   joins it (ARCHITECTURE.md §5: the same normalised name is strong evidence).
4. Otherwise the name is known to belong to several people, or its only bearer conflicts:
   the mention starts a namesake `person:<name>~<digest of the report>`, suggested as
   `POSSIBLY_SAME` with each bearer for an analyst: method `namesake` (score 0.6) when
   nothing tells them apart, `namesake-born-apart` (0.2) when birth years do, so that a
   path through the suggestion scores as weakly as the evidence for it.
5. A new name that is a spelling variant (decide.compare) of exactly one known person
   corroborated as in 2 (a shared identifier, organisation, facility or associate) is
   that person; a variant with nothing else in common stays a candidate. A name already
   on record without corroboration (an earlier "Bob Smith" that nothing tied to anyone)
   yields to such a variant when the variant is named in more reports the new one may
   cite: "Bob Smith" sharing Robert Smith's phone is Robert Smith, whom the reports know
   better, not the stranger first written the same way. A corroborated bearer of the
   name (rule 2) still comes first, and a variant no better known than the name's bearer
   leaves the mention to rule 3.

"A report it may cite": the one rule of resolution at write time. Evidence is used only
when its report's label is no more restrictive than the new report's, so that whoever sees
the new mention may see why it was placed where it was (ARCHITECTURE.md §3). That holds
for everything placement reads: which bearers a name has, their birth years (evidence that
keeps people apart too: a `~digest` key would tell a reader that another bearer exists),
corroboration, how well known a variant is and which entities are hubs. A bearer known
only from reports the new one may not cite does not exist for it: a mention that sees no
bearer takes the plain key, whoever else holds it. The outcome for a report is then the
same whether or not reports its readers may not see were ever ingested.

Reports are settled in batch order, each against the graph and the batch's earlier
reports, so the outcome depends on ingest order as incremental resolution must.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from graph_service.domain import BIRTH_YEAR_SLACK, HUB_REPORTS, IDENTIFIER_KINDS, EntityKind
from graph_service.domain.keys import key_name, namesake_key
from graph_service.visibility import Level, Viewer, cnf_and
from ingest.resolve.decide import compare
from ingest.resolve.resolver import Candidate, EntityRow, RelationRow, ResolvedReport

Run = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]
Label = tuple[str, ...]

MAX_BEARERS = 50  # bearers of one name compared per label; more is a name, not a person
MAX_LABELS = 20  # labels of corroborating reports kept per pair
MAX_VARIANTS = 200  # block members compared per block and label (as the writer's search)
MAX_NAMESAKES = 5  # bearers a new namesake is suggested as possibly the same as
NAMESAKE = ("namesake", 0.6)  # equal names, nothing to tell the people apart or together
BORN_APART = ("namesake-born-apart", 0.2)  # equal names, birth years years apart
_CONTEXT_KINDS = frozenset(
    {*IDENTIFIER_KINDS, EntityKind.ORGANIZATION, EntityKind.FACILITY, EntityKind.PERSON}
)


@cache
def _implied_levels() -> dict[str, frozenset[str]]:
    """Each level token, with every level token a viewer holding it also holds."""
    held = [Viewer.from_attributes("levels", level, (), (), ()).tokens for level in sorted(Level)]
    return {next(iter(now - below)): now for below, now in zip([frozenset(), *held], held, strict=False)}


@cache
def may_cite(evidence: Label, label: Label) -> bool:
    """Whether every viewer who may see `label` may also see `evidence`.

    Conservative: true when each clause of `evidence` is implied by a clause of `label`,
    a level implying the levels below it; false in any doubt.
    """
    implied = _implied_levels()
    widened = [*label, *(t for clause in label for t in implied.get(clause, ()))]
    return cnf_and(evidence, widened) == cnf_and(widened)


@dataclass(frozen=True, slots=True)
class Support:
    """One label under which an entity is mentioned: the label, its level, a report, and
    how many of its reports carry the label."""

    vis: Label
    level: int
    report: str
    reports: int = 1


@dataclass(slots=True)
class Bearer:
    """An entity bearing a person name: its key, the birth years stated for it, and the
    labels of the reports that mention it."""

    key: str
    born: list[tuple[int, Label]] = field(default_factory=list)
    labels: list[Support] = field(default_factory=list)

    def conflicts(self, year: int | None, label: Label) -> bool:
        """Whether a person born in `year` cannot be this one, by the birth years that
        readers of `label` may see."""
        years = [y for y, vis in self.born if may_cite(vis, label)]
        return year is not None and bool(years) and all(abs(year - y) > BIRTH_YEAR_SLACK for y in years)

    def seen(self, label: Label) -> bool:
        """Whether readers of `label` may see a report that names this bearer."""
        return any(may_cite(s.vis, label) for s in self.labels)


@dataclass(frozen=True, slots=True)
class Unit:
    """A person the new report names in full, with what the report says about them."""

    name: str  # the unqualified key resolve() gave
    born: int | None
    blocks: tuple[str, ...]
    context: frozenset[str]  # the report's other entities that could corroborate
    label: Label
    level: int
    report: str


def _bearer(row: Mapping[str, Any]) -> Bearer:
    return Bearer(
        str(row["key"]),
        [(int(b["year"]), tuple(b["vis"])) for b in row["born"]],
        [
            Support(tuple(x["vis"]), int(x["level"]), str(x["report"]), int(x.get("reports", 1)))
            for x in row.get("labels", ())
        ],
    )


class Namesakes:
    """What the graph knows about the batch's names; `place()` decides one unit at a time
    and remembers the decision for the batch's later reports."""

    def __init__(
        self,
        bearers: Mapping[str, Sequence[Bearer]],
        variants: Mapping[str, Sequence[Bearer]],
        evidence: Mapping[tuple[str, str], Iterable[Label]],
        reports: Mapping[str, Iterable[tuple[Label, int]]],
        batch: Sequence[ResolvedReport] = (),
    ) -> None:
        self.bearers = {name: list(found) for name, found in bearers.items()}
        self.variants = {block: list(found) for block, found in variants.items()}  # by block key
        self.evidence = {pair: set(labels) for pair, labels in evidence.items()}
        self.reports = {key: list(counts) for key, counts in reports.items()}  # graph, by label
        self.batch_labels = [rr.vis for rr in batch]
        self.batch_reports = _batch_reports(batch)
        self.candidates: list[Candidate] = []

    def place(self, unit: Unit) -> str:
        """The key of the person `unit` names."""
        bearers = self.bearers.setdefault(unit.name, [])
        seen = [b for b in bearers if b.seen(unit.label)]
        compatible = [b for b in seen if not b.conflicts(unit.born, unit.label)]
        support = [self._support(unit, b, unit.context) for b in compatible]
        chosen: Bearer | None = None
        variant = None if support and max(support) > 0 else self._variant(unit)
        if support and max(support) > 0:
            chosen = compatible[support.index(max(support))]
        elif variant is not None and self._known(unit, variant) > max(
            (self._known(unit, b) for b in compatible), default=0
        ):
            chosen = variant
        elif len(seen) == 1 and compatible:
            chosen = compatible[0]
        elif not seen:
            chosen = variant
            if chosen is None:
                # The plain key, which a bearer this report's readers may not see can hold.
                chosen = next((b for b in bearers if b.key == unit.name), None)
            if chosen is None:
                chosen = Bearer(unit.name)
                bearers.append(chosen)
                for block in unit.blocks:
                    self.variants.setdefault(block, []).append(chosen)
        if chosen is None:
            chosen = Bearer(namesake_key(unit.name, unit.report))
            self._suggest(unit, chosen.key, seen)
            bearers.append(chosen)
        if unit.born is not None:
            chosen.born.append((unit.born, unit.label))
        chosen.labels.append(Support(unit.label, unit.level, unit.report))
        for other in unit.context:
            self.evidence.setdefault((chosen.key, other), set()).add(unit.label)
        return chosen.key

    def _suggest(self, unit: Unit, key: str, others: Iterable[Bearer]) -> None:
        """POSSIBLY_SAME between a new namesake and each bearer, once per label (the AND of
        the new report's label and one of the bearer's), as candidates() does; with the
        first MAX_NAMESAKES bearers only, so that a common name does not grow a clique."""
        for other in list(others)[:MAX_NAMESAKES]:
            method, score = BORN_APART if other.conflicts(unit.born, unit.label) else NAMESAKE
            a, b = sorted((key, other.key))
            for support in {s.vis: s for s in other.labels}.values():
                self.candidates.append(Candidate(
                    a=a, b=b, score=score, method=method, level=max(unit.level, support.level),
                    vis=cnf_and(unit.label, support.vis), reports=(unit.report, support.report),
                ))

    @staticmethod
    def _known(unit: Unit, bearer: Bearer) -> int:
        """How many reports that `unit`'s readers may see name `bearer`."""
        return sum(s.reports for s in bearer.labels if may_cite(s.vis, unit.label))

    def _support(self, unit: Unit, bearer: Bearer, keys: Iterable[str]) -> int:
        """How many corroborating facts `unit`'s report may cite for `bearer`."""
        shared = sum(
            1 for other in keys
            if not self._hub(unit, other)
            and any(may_cite(label, unit.label) for label in self.evidence.get((bearer.key, other), ()))
        )
        same_year = unit.born is not None and any(
            abs(unit.born - year) <= BIRTH_YEAR_SLACK and may_cite(label, unit.label)
            for year, label in bearer.born
        )
        return shared + same_year

    def _hub(self, unit: Unit, key: str) -> bool:
        """Whether `key` is too common to corroborate, counting the reports `unit`'s readers
        may see: more than HUB_REPORTS in the graph, or a tenth of the batch's (ten at
        least), which the graph's tallies do not count yet."""
        def citable(counts: Iterable[tuple[Label, int]]) -> int:
            return sum(n for vis, n in counts if may_cite(vis, unit.label))

        batch = sum(1 for vis in self.batch_labels if may_cite(vis, unit.label))
        return (
            citable(self.reports.get(key, ())) > HUB_REPORTS
            or citable(self.batch_reports.get(key, ())) > max(10, batch // 10)
        )

    def _variant(self, unit: Unit) -> Bearer | None:
        """The one known person whose name `unit`'s is a spelling variant of and who is
        corroborated by the new report; None when there is not exactly one."""
        found: dict[str, Bearer] = {}
        for block in unit.blocks:
            for bearer in self.variants.get(block, ()):
                if (
                    bearer.key not in found
                    and compare(EntityKind.PERSON, key_name(unit.name), key_name(bearer.key)) is not None
                    and bearer.seen(unit.label)
                    and not bearer.conflicts(unit.born, unit.label)
                    and self._support(unit, bearer, unit.context) > 0
                ):
                    found[bearer.key] = bearer
        return next(iter(found.values())) if len(found) == 1 else None


def units(rr: ResolvedReport) -> list[Unit]:
    """The persons a report names in full, each with the report's corroborating context."""
    scoped = f"@{rr.report.id}"  # a key scoped to this report corroborates nothing elsewhere
    context = frozenset(e.key for e in rr.entities if e.kind in _CONTEXT_KINDS and not e.key.endswith(scoped))
    return [
        Unit(e.key, e.born, e.blocks, context - {e.key}, rr.vis, rr.level, rr.report.id)
        for e in rr.entities
        if e.kind is EntityKind.PERSON and not e.key.endswith(scoped) and "~" not in e.key
    ]


def rekey(rr: ResolvedReport, keys: Mapping[str, str]) -> ResolvedReport:
    """`rr` with entity keys replaced as `keys` says; a relation that becomes a loop goes."""
    if all(old == new for old, new in keys.items()):
        return rr
    entities: dict[str, EntityRow] = {}
    for e in rr.entities:
        key = keys.get(e.key, e.key)
        entities.setdefault(key, replace(e, key=key))
    relations = []
    for r in rr.relations:
        source, target = keys.get(r.source, r.source), keys.get(r.target, r.target)
        if source != target:
            relations.append(RelationRow(source, target, r.kind, r.sentence, r.confidence))
    return replace(
        rr, entities=tuple(entities.values()),
        mentions=tuple((keys.get(k, k), m) for k, m in rr.mentions), relations=tuple(relations),
    )


@dataclass(frozen=True, slots=True)
class Settled:
    """The batch with its people placed, and the namesakes it suggests to analysts."""

    reports: list[ResolvedReport]
    candidates: list[Candidate]


def settle(batch: Sequence[ResolvedReport], run: Run) -> Settled:
    """The batch with each full-name person placed among its namesakes (see the module).

    `run(query, params)` runs a named read query in the writer's transaction, before the
    batch's entities and mentions are written.
    """
    todo = [units(rr) for rr in batch]
    names = sorted({u.name for found in todo for u in found})
    if not names:
        return Settled(list(batch), [])
    known: dict[str, Bearer] = {}  # one Bearer per entity, whichever query found it
    bearers: dict[str, list[Bearer]] = {}
    for row in run("person_namesakes", {"names": names, "limit": MAX_BEARERS}):
        bearers.setdefault(str(row["name"]), []).append(known.setdefault(str(row["key"]), _bearer(row)))
    # Only a unit that something could corroborate (rule 5) needs the spelling variants.
    wanted = sorted({b for found in todo for u in found if u.context or u.born is not None for b in u.blocks})
    variants: dict[str, list[Bearer]] = {}
    if wanted:
        for row in run("person_variants", {"blocks": wanted, "limit": MAX_VARIANTS}):
            variants.setdefault(str(row["block"]), []).append(known.setdefault(str(row["key"]), _bearer(row)))
    context = sorted({k for found in todo for u in found for k in u.context})
    reports: dict[str, list[tuple[Label, int]]] = {}
    for row in run("entity_hubs", {"keys": context}):
        reports.setdefault(str(row["key"]), []).append((tuple(row["vis"]), int(row["reports"])))
    pairs: set[tuple[str, str]] = set()
    for u in (u for found in todo for u in found):
        others = [*bearers.get(u.name, ()), *(b for block in u.blocks for b in variants.get(block, ()))]
        pairs.update((b.key, k) for b in others for k in u.context)
    evidence: dict[tuple[str, str], list[Label]] = {}
    if pairs:
        params = {"pairs": [{"bearer": b, "other": k} for b, k in sorted(pairs)], "limit": MAX_LABELS}
        for row in run("person_evidence", params):
            evidence[(str(row["bearer"]), str(row["other"]))] = [tuple(v) for v in row["labels"]]
    namesakes = Namesakes(bearers, variants, evidence, reports, batch)
    placed = [
        rekey(rr, {u.name: namesakes.place(u) for u in found}) for rr, found in zip(batch, todo, strict=True)
    ]
    return Settled(placed, namesakes.candidates)


def _batch_reports(batch: Sequence[ResolvedReport]) -> dict[str, list[tuple[Label, int]]]:
    """How many of the batch's reports of each label name each entity."""
    counts: dict[str, dict[Label, int]] = {}
    for rr in batch:
        for e in rr.entities:
            by_label = counts.setdefault(e.key, {})
            by_label[rr.vis] = by_label.get(rr.vis, 0) + 1
    return {key: list(by_label.items()) for key, by_label in counts.items()}
