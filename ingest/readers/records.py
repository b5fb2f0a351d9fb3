"""What a reader yields for a good record: the report plus any structure the format stated.

Plain frozen dataclasses (the hot path); the pydantic file-format model is in `schema`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph_service.domain import EntityKind, RelationKind, Report

from .rejections import Rejection


@dataclass(frozen=True, slots=True)
class StructuredEntity:
    """An entity a structured format names outright (a STIX object), not found by NER.

    `name` is the object's name or observable value as given; `stix_id` is the object it
    came from (several entities share one id when an indicator pattern names several).
    An `alias` is another name of the first non-alias entity of the same `stix_id`: it
    resolves to that entity instead of one of its own.
    """

    kind: EntityKind
    name: str
    stix_id: str
    alias: bool = False


@dataclass(frozen=True, slots=True)
class StructuredRelation:
    """A typed relation a structured format states between two of the record's entities.

    `source` and `target` are the `stix_id`s of entities in the same record.
    """

    kind: RelationKind
    source: str
    target: str
    stix_id: str


@dataclass(frozen=True, slots=True)
class ReadRecord:
    """One validated report, with the entities and relations its format stated.

    `source` and `location` say where it was read; they are provenance, not content, so
    they take no part in equality (the same report read from two files is the same).
    `object_type` is the type of the partner's object the record stands for ("report",
    "intrusion-set", "relationship", a MISP "event"...; "record" for our own formats), so
    that a file's summary can account for every object it held.
    """

    report: Report
    structured: tuple[StructuredEntity, ...] = ()
    structured_relations: tuple[StructuredRelation, ...] = ()
    source: str = field(default="", compare=False)
    location: str = field(default="", compare=False)
    object_type: str = field(default="record", compare=False)


ReadResult = ReadRecord | Rejection


@dataclass(frozen=True, slots=True)
class Skipped:
    """A partner's object that is valid but becomes no record, and why (a malware, a
    revoked object, a marking definition that is applied rather than stored...)."""

    source: str
    object_id: str
    object_type: str
    reason: str


def _ignore(_: object) -> None:
    return None


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """What the operator states for a partner's feed, and where skipped objects are told.

    `default_marking` is the banner an object with no marking of its own takes (None: such
    an object is rejected); `on_open` hears of every file read (so that one yielding
    nothing is still seen); `on_skip` of every object that becomes no record;
    `on_default` of every record that took the default marking, for the audit trail.
    """

    default_marking: str | None = None
    on_open: Callable[[str], None] = _ignore
    on_skip: Callable[[Skipped], None] = _ignore
    on_default: Callable[[ReadRecord], None] = _ignore
