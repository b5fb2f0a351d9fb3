"""Resolution of one report: every mention gets the key of the entity it names.

The output is a pure function of the report and its extraction (no graph reads), so
re-ingesting the same report gives the same rows and the writer's MERGEs are no-ops.
What needs the graph comes afterwards, in the writer's transaction: which of several
people who share a name a person is (`namesakes.settle()`), and candidates against
entities already in the graph, by block (`candidates()`), with the graph's own members
of each block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Extraction, Mention, Report
from graph_service.domain.keys import entity_key, key_name, normal_name
from graph_service.domain.normalize import person_parts
from graph_service.visibility import cnf_and, parse_marking
from ingest.resolve.block import blocks, source_blocks
from ingest.resolve.decide import Match, compare, same_surname
from ingest.resolve.features import birth_year, same_entity_cue

MAX_CANDIDATES = 5  # per new entity and label: its best-scoring matches among the block members


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity the report mentions, with its blocking keys and, for a person, the birth
    year the report gives (evidence that tells namesakes apart)."""

    key: str
    kind: EntityKind
    sector: str | None
    blocks: tuple[str, ...]
    born: int | None = None


@dataclass(frozen=True, slots=True)
class RelationRow:
    """A typed relation between two resolved entities, stated in the report."""

    source: str
    target: str
    kind: str
    sentence: int
    confidence: float


@dataclass(frozen=True, slots=True)
class ResolvedReport:
    """A report ready to write: its label, entities, mentions and relations."""

    report: Report
    level: int
    vis: tuple[str, ...]
    entities: tuple[EntityRow, ...]
    mentions: tuple[tuple[str, Mention], ...]
    relations: tuple[RelationRow, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A `POSSIBLY_SAME` suggestion between two entity keys, with its label."""

    a: str
    b: str
    score: float
    method: str
    level: int
    vis: tuple[str, ...]
    reports: tuple[str, str]


@lru_cache(maxsize=4096)
def label_of(marking: str) -> tuple[int, tuple[str, ...]]:
    """(level, CNF label) of a banner marking; readers have already validated it."""
    parsed = parse_marking(marking)
    return int(parsed.level), tuple(parsed.cnf())


def resolve(report: Report, extraction: Extraction) -> ResolvedReport:
    """Give every mention of `report` its entity key; drop mentions with no usable key."""
    level, vis = label_of(report.marking)
    keyed: list[tuple[str, Mention] | None] = [
        (key, m) if (key := entity_key(m, report.id, report.area)) else None for m in extraction.mentions
    ]
    keyed = within_report(keyed, report.id, report.text)
    for alias, named in extraction.same:
        # A name stated as another's (a STIX alias) takes that mention's key, or none.
        item, target = keyed[alias], keyed[named]
        keyed[alias] = None if item is None or target is None else (target[0], item[1])
    born = birth_years(keyed, report)
    entities: dict[str, EntityRow] = {}
    for item in keyed:
        if item is None:
            continue
        key, mention = item
        if key not in entities:
            name = "" if mention.kind in IDENTIFIER_KINDS else key_name(key)
            found = blocks(mention.kind, name) + source_blocks(mention.kind, name, report.agency)
            entities[key] = EntityRow(key, mention.kind, mention.sector, tuple(found), born.get(key))
    relations = []
    for rel in extraction.relations:
        source, target = keyed[rel.source], keyed[rel.target]
        if source is None or target is None or source[0] == target[0]:
            continue
        relations.append(RelationRow(source[0], target[0], rel.kind.value, rel.sentence, rel.confidence))
    return ResolvedReport(
        report=report, level=level, vis=vis, entities=tuple(entities.values()),
        mentions=tuple(item for item in keyed if item is not None), relations=tuple(relations),
    )


def birth_years(keyed: Sequence[tuple[str, Mention] | None], report: Report) -> dict[str, int]:
    """The birth year the report gives for each person it names (the first one stated)."""
    persons = sorted(
        (item for item in keyed if item is not None and item[1].kind is EntityKind.PERSON),
        key=lambda item: item[1].start,
    )
    year = report.reported_at.year
    found: dict[str, int] = {}
    for i, (key, mention) in enumerate(persons):
        until = persons[i + 1][1].start if i + 1 < len(persons) else len(report.text)
        if key not in found and (born := birth_year(report.text, mention, until, year)) is not None:
            found[key] = born
    return found


def within_report(
    keyed: list[tuple[str, Mention] | None], report_id: str, text: str
) -> list[tuple[str, Mention] | None]:
    """Resolve what only the report itself can: short names and names stated as one.

    A report introduces a person by full name and then says "Hassan"; a lone surname or
    given name that matches exactly one full name of the same report is that person. When
    two full names share it, the short mention stays on its own, report-scoped key.
    A mention the text states to be the previous one under another name (an alias, a
    vehicle's VIN after its plate) takes that mention's key.
    """
    by_part: dict[str, set[str]] = {}
    for item in keyed:
        if item is not None and item[1].kind is EntityKind.PERSON and "@" not in item[0]:
            given, surname = person_parts(key_name(item[0]))
            for part in {given.split()[0], surname, surname.split()[-1]}:
                by_part.setdefault(part, set()).add(item[0])
    scoped_prefix = f"@{report_id}"
    out: list[tuple[str, Mention] | None] = []
    for item in keyed:
        if item is not None and item[1].kind is EntityKind.PERSON and item[0].endswith(scoped_prefix):
            short = key_name(item[0])
            # A mistyped or transliterated surname where the person was introduced
            # ("Lawrence Hrris ... Harris") is still the one person the report named.
            full = by_part.get(short) or {
                key for part, keys in by_part.items() if same_surname(part, short) for key in keys
            }
            if len(full) == 1:
                item = (next(iter(full)), item[1])
        out.append(item)
    return stated_as_one(out, text)


def stated_as_one(
    keyed: list[tuple[str, Mention] | None], text: str
) -> list[tuple[str, Mention] | None]:
    """Give a mention the key of the mention just before it when the text joins the two."""
    present = sorted(
        ((i, item[1].start) for i, item in enumerate(keyed) if item is not None), key=lambda p: p[1]
    )
    out = list(keyed)
    for (before, _), (after, _) in pairwise(present):
        first, second = out[before], out[after]
        if first is not None and second is not None and same_entity_cue(text, first[1], second[1]):
            out[after] = (first[0], second[1])
    return out


def candidates(
    resolved: Sequence[ResolvedReport], members: Iterable[dict[str, object]]
) -> list[Candidate]:
    """Suggestions between the batch's entities and the graph's members of their blocks.

    `members` are rows of the `block_members` query: block, key, kind, report, vis, level
    (one row per distinct label of the member's reports). A pair gets one candidate per
    label, the AND of the two supporting reports' labels. An entity gets candidates with
    its MAX_CANDIDATES best matches per label only: a common name matches hundreds of
    entities, and suggesting them all floods the judgement queue and the paths that cross
    candidates. The cut-off is taken per label, so that the candidates a viewer sees are
    chosen among the members that viewer may see: hidden entities never crowd them out.
    """
    by_block: dict[str, list[dict[str, object]]] = {}
    for row in members:
        by_block.setdefault(str(row["block"]), []).append(row)
    found: dict[tuple[str, str, tuple[str, ...]], Candidate] = {}
    for rr in resolved:
        for entity in rr.entities:
            name = key_name(entity.key)
            scored: dict[str, Match | None] = {}
            by_label: dict[tuple[str, ...], dict[str, tuple[Match, dict[str, object]]]] = {}
            for block in entity.blocks:
                for row in by_block.get(block, ()):
                    other = str(row["key"])
                    if other == entity.key:
                        continue
                    if other not in scored:
                        scored[other] = compare(entity.kind, name, key_name(other))
                    match = scored[other]
                    if match is None:
                        continue
                    vis = cnf_and(rr.vis, tuple(str(c) for c in row["vis"]))  # type: ignore[attr-defined]
                    by_label.setdefault(vis, {}).setdefault(other, (match, row))
            for vis, matches in by_label.items():
                best = sorted(matches.items(), key=lambda m: (-m[1][0].score, m[0]))[:MAX_CANDIDATES]
                for other, (match, row) in best:
                    pair = (min(entity.key, other), max(entity.key, other))
                    found.setdefault((*pair, vis), Candidate(
                        a=pair[0], b=pair[1], score=match.score, method=match.method,
                        level=max(rr.level, int(row["level"])),  # type: ignore[call-overload]
                        vis=vis, reports=(rr.report.id, str(row["report"])),
                    ))
    return list(found.values())


def structured_mentions(entities: Iterable[tuple[EntityKind, str, str | None]]) -> list[Mention]:
    """Mentions for entities a structured format named outright (no span in the text).

    Each item is (kind, name as given, normalised identifier value or None).
    """
    return [
        Mention(kind=kind, surface=name, start=-1, end=-1, sentence=-1, confidence=1.0,
                role="stated", value=value, valid=True)
        for kind, name, value in entities
        if (kind in IDENTIFIER_KINDS and value) or (kind not in IDENTIFIER_KINDS and normal_name(kind, name))
    ]
