"""What a reader yields for a good record: the report plus any structure the format stated.

Plain frozen dataclasses (the hot path); the pydantic file-format model is in `schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.domain import EntityKind, RelationKind, Report

from .rejections import Rejection


@dataclass(frozen=True, slots=True)
class StructuredEntity:
    """An entity a structured format names outright (a STIX object), not found by NER.

    `name` is the object's name or observable value as given; `stix_id` is the object it
    came from (several entities share one id when an indicator pattern names several).
    """

    kind: EntityKind
    name: str
    stix_id: str


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
    """

    report: Report
    structured: tuple[StructuredEntity, ...] = ()
    structured_relations: tuple[StructuredRelation, ...] = ()
    source: str = field(default="", compare=False)
    location: str = field(default="", compare=False)


ReadResult = ReadRecord | Rejection
