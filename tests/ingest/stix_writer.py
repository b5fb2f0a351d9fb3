"""Records back into a STIX 2.1 bundle, for the reader's round-trip tests: what
`read_stix` reads from it must equal what was written."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import stix2

from graph_service.domain import EntityKind
from ingest.readers.records import ReadRecord, StructuredEntity
from ingest.readers.stix import _EPOCH, _RELATIONSHIP_TYPES, _minted


def to_stix_bundle(records: Iterable[ReadRecord]) -> str:
    """A STIX 2.1 bundle of the records, their entities and relations, as JSON.

    Reading it back with `read_stix` gives records equal to these (one caveat: a
    relationship is read into every record holding both its ends, so records that came
    from different bundles may gain each other's relations). Each marking becomes a
    statement marking definition; side, area, event time and ids that are not STIX report
    ids travel as `x_nexus_*` properties. Ids of minted objects are derived from content,
    so the same records always export to the same text.
    """
    objects: dict[str, Any] = {}
    for record in records:
        for obj in _record_objects(record):
            objects.setdefault(obj["id"], obj)
    key = "|".join(sorted(objects))
    bundle = stix2.Bundle(
        list(objects.values()), id=_minted("bundle", key), allow_custom=True
    )
    return str(bundle.serialize(pretty=True))


def _record_objects(record: ReadRecord) -> list[Any]:
    report = record.report
    when = report.reported_at
    marking = stix2.MarkingDefinition(
        id=_minted("marking-definition", report.marking), created=_EPOCH,
        definition_type="statement", definition={"statement": report.marking},
    )
    objects: list[Any] = [marking]
    extra: dict[str, str] = {"x_nexus_side": report.side.value}
    if report.agency != "unknown":
        author = stix2.Identity(
            id=_minted("identity", report.agency), created=_EPOCH, modified=_EPOCH,
            name=report.agency, identity_class="organization",
        )
        objects.append(author)
        extra["created_by_ref"] = author.id
    if report.area is not None:
        extra["x_nexus_area"] = report.area
    if report.event_at is not None:
        extra["x_nexus_event_at"] = report.event_at.isoformat()
    report_id = report.id
    if not _is_stix_id(report.id, "report"):
        report_id = _minted("report", report.id)
        extra["x_nexus_report_id"] = report.id
    entities: dict[str, list[StructuredEntity]] = {}
    for entity in record.structured:
        entities.setdefault(entity.stix_id, []).append(entity)
    refs = [*entities]
    for stix_id, group in entities.items():
        objects.append(_entity_object(stix_id, group, when))
    for relation in record.structured_relations:
        objects.append(stix2.Relationship(
            id=relation.stix_id, created=when, modified=when,
            relationship_type=_RELATIONSHIP_TYPES[relation.kind],
            source_ref=relation.source, target_ref=relation.target,
            object_marking_refs=[marking.id],
        ))
        refs.append(relation.stix_id)
    objects.append(stix2.Report(
        id=report_id, created=when, modified=when, published=when, name=report.title,
        description=report.text,
        # STIX requires a non-empty object_refs; the marking is the one object always there.
        object_refs=refs or [marking.id], object_marking_refs=[marking.id],
        allow_custom=True, **extra,
    ))
    return objects


def _entity_object(stix_id: str, group: list[StructuredEntity], when: datetime) -> Any:
    kind, name = group[0].kind, group[0].name
    stix_type = stix_id.partition("--")[0]
    person = kind is EntityKind.PERSON
    dated = {"id": stix_id, "created": when, "modified": when}
    match stix_type:
        case "identity":
            return stix2.Identity(name=name, identity_class="individual" if person else
                                  "organization", **dated)
        case "threat-actor":
            level = {"resource_level": "individual"} if person else {}
            return stix2.ThreatActor(name=name, **level, **dated)
        case "intrusion-set":
            return stix2.IntrusionSet(name=name, **dated)
        case "location":
            # STIX needs a region, country or coordinates; an entity keeps only its name.
            return stix2.Location(name=name, region="unknown", **dated)
        case "indicator":
            pattern = " OR ".join(_comparison(entity) for entity in group)
            return stix2.Indicator(pattern=pattern, pattern_type="stix", valid_from=when,
                                   **dated)
        case "url":
            host = f"[{name}]" if ":" in name else name
            return stix2.URL(id=stix_id, value=f"http://{host}/")
    return stix2.parse({"type": stix_type, "id": stix_id, "value": name, "spec_version": "2.1"},
                       version="2.1")


def _comparison(entity: StructuredEntity) -> str:
    stix_type = {
        EntityKind.EMAIL: "email-addr", EntityKind.DOMAIN: "domain-name",
    }.get(entity.kind)
    if stix_type is None:
        stix_type = "ipv6-addr" if ":" in entity.name else "ipv4-addr"
    escaped = entity.name.replace("\\", "\\\\").replace("'", "\\'")
    return f"[{stix_type}:value = '{escaped}']"


def _is_stix_id(value: str, stix_type: str) -> bool:
    prefix, separator, rest = value.partition("--")
    if prefix != stix_type or not separator:
        return False
    try:
        parsed = uuid.UUID(rest)
    except ValueError:
        return False
    # stix2 takes only canonical RFC 4122 UUIDs; anything else travels as x_nexus_report_id.
    return str(parsed) == rest and parsed.variant == uuid.RFC_4122
