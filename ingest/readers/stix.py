"""STIX 2.1 bundles: each `report` object becomes one record.

Report fields:

=============  =====================================================================
record field   from the STIX report
=============  =====================================================================
id             `x_nexus_report_id` if set (written by `to_stix_bundle` for ids that
               are not STIX ids), else the STIX id
agency         name of the `created_by_ref` identity, if the bundle holds it, else
               "unknown"
side           `x_nexus_side` if set, else ``default_side`` (INTEL: STIX is the
               intelligence community's exchange format)
marking        from the marking definitions, below
area           `x_nexus_area`, if set
reported_at    `published`
event_at       `x_nexus_event_at`, if set
title          `name`
text           `description`, or `name` when there is no description
=============  =====================================================================

Markings, deny by default. The record's marking combines (`visibility.combine`) every
marking applied to anything the record copies: the report's `object_marking_refs` and
`granular_markings` (a granular marking counts for the whole record), and those of the
entities, relationships and author it takes from the bundle, so a name learned at SECRET
never rides in on a TLP:GREEN report. A report with no marking is rejected; so is a reference to a marking
definition the bundle does not hold (its visibility is never guessed), one of an
unsupported type, and a statement that is not a banner. Mapping:

=====================  =======================  =====================================
marking definition     banner                   why
=====================  =======================  =====================================
TLP:CLEAR / TLP:WHITE  UNCLASSIFIED             public
TLP:GREEN              UNCLASSIFIED             community-wide; every Nexus user is
                                                in the community
TLP:AMBER              CUI                      need-to-know inside the recipients'
                                                organizations: CUI-authorized viewers
TLP:AMBER+STRICT       CUI//ORCON               the recipient organization only: the
                                                originator controls any further
                                                release, and ORCON sources get no
                                                pointers
TLP:RED                (rejected)               named recipients only; putting it in
                                                a shared graph would itself disclose
                                                it. Re-mark it with the originator's
                                                consent and replay.
statement "<banner>"   the banner, if           e.g. "SECRET//NOFORN"
                       `parse_marking` reads it
statement notice       (ignored)                copyright / licence / terms notices
                                                that name no control are not access
                                                markings
=====================  =======================  =====================================

The four TLP 1.0 and five TLP 2.0 marking definitions have fixed ids, so a reference to
one resolves even when the bundle omits the object; a bundle object that reuses such an
id with other content is rejected.

Entities (`StructuredEntity`) come from the objects in the report's `object_refs`, and
the SCOs of a referenced `observed-data`:

================================  ===============================================
STIX object                       entity kind
================================  ===============================================
identity                          Person if identity_class is individual;
                                  Organization if organization or group; else none
threat-actor                      Person if resource_level is individual, else
                                  Organization
intrusion-set                     Organization
location                          Location (name, else street/city/area/country,
                                  else region, else "lat,long")
email-addr / ipv4-addr /          Email / IpAddress / IpAddress / Domain (the
ipv6-addr / domain-name           observable's value)
url                               Domain, or IpAddress, of the URL's host
indicator                         each `[type:value = '...']` comparison on the
                                  four observable types above
================================  ===============================================

Everything else (malware, notes, `x-` custom objects...) is not an entity kind of ours
and is skipped, infrastructure included: STIX infrastructure is cyber (C2 servers,
botnets), not the critical-infrastructure Facility kind; a referenced object that fails STIX validation
rejects the report, naming it. Relations (`StructuredRelation`) come from `relationship`
objects between two of the record's entities: attributed-to and member-of → MEMBER_OF,
works-for → WORKS_FOR, owns → OWNS, targets → TARGETS; other types (located-at, uses,
indicates...) are skipped rather than bent into a relation they do not state.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import stix2
from stix2patterns.pattern import Pattern

from graph_service.domain import EntityKind, RelationKind, Side
from graph_service.visibility import MarkingError, combine, parse_marking

from .decoding import DecodeError, clean_text, decode, unicode_problem
from .records import ReadRecord, ReadResult, StructuredEntity, StructuredRelation
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS, RecordError, json_type, parse_report

__all__ = ["TLP_BANNERS", "read_bundle", "read_stix", "to_stix_bundle"]

TLP_BANNERS: Mapping[str, str | None] = {
    "clear": "UNCLASSIFIED",
    "white": "UNCLASSIFIED",
    "green": "UNCLASSIFIED",
    "amber": "CUI",
    "amber+strict": "CUI//ORCON",
    "red": None,
}
_TLP_IDS: Mapping[str, str] = {
    # TLP 1.0 (STIX 2.0 and 2.1)
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "white",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
    # TLP 2.0 (OASIS extension)
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
}
_TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
# A statement that names a notice and no control is not an access marking. Anything that
# mentions a control is still treated as a banner: a misspelt "SECERT//NOFORN" must fail.
_NOTICE = re.compile(r"(?i)copyright|\(c\)|©|licen[cs]e|terms of use")
_CONTROL_WORDS = re.compile(
    r"(?i)//|secret|confidential|classified|noforn|orcon|\bles\b|\bcui\b|fouo|rel to"
    r"|sensitive|official use"
)

RELATION_KINDS: Mapping[str, RelationKind] = {
    "attributed-to": RelationKind.MEMBER_OF,
    "member-of": RelationKind.MEMBER_OF,
    "works-for": RelationKind.WORKS_FOR,
    "owns": RelationKind.OWNS,
    "targets": RelationKind.TARGETS,
}
_RELATIONSHIP_TYPES: Mapping[RelationKind, str] = {
    RelationKind.MEMBER_OF: "member-of",
    RelationKind.WORKS_FOR: "works-for",
    RelationKind.OWNS: "owns",
    RelationKind.TARGETS: "targets",
}
_OBSERVABLE_KINDS: Mapping[str, EntityKind] = {
    "email-addr": EntityKind.EMAIL,
    "ipv4-addr": EntityKind.IP_ADDRESS,
    "ipv6-addr": EntityKind.IP_ADDRESS,
    "domain-name": EntityKind.DOMAIN,
}
# Where a record field comes from, so that errors name the STIX property to fix.
_PROPERTY_OF_FIELD: Mapping[str, str] = {
    "id": "id",
    "agency": "created_by_ref",
    "side": "x_nexus_side",
    "marking": "object_marking_refs",
    "area": "x_nexus_area",
    "reported_at": "published",
    "event_at": "x_nexus_event_at",
    "title": "name",
    "text": "description",
}
# Deterministic ids for what `to_stix_bundle` mints, so an export is reproducible.
_NAMESPACE = uuid.UUID("6f1d8a8e-3c0b-5a57-9c39-2a4f0e1b7d55")
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

StixObject = Mapping[str, Any]


def read_stix(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    default_side: Side = Side.INTEL,
) -> Iterator[ReadResult]:
    """Read a STIX bundle file: one record per report object."""
    try:
        text = decode(data)
    except DecodeError as exc:
        yield Rejection(source, "file", None, str(exc), "")
        return
    if not text.strip():
        return
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, "file", None, f"invalid JSON: {exc}", text)
        return
    yield from read_bundle(
        document, source=source, max_text_chars=max_text_chars, default_side=default_side
    )


def read_bundle(
    document: object, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    default_side: Side = Side.INTEL,
) -> Iterator[ReadResult]:
    """Read a decoded STIX bundle: one record per report object, never raising."""
    if not isinstance(document, Mapping) or document.get("type") != "bundle":
        yield Rejection(source, "file", None, "not a STIX bundle (top-level type must be "
                        "'bundle')", _dump(document))
        return
    entries = document.get("objects", [])
    if not isinstance(entries, list):
        yield Rejection(source, "bundle", "objects",
                        f"expected an array, got {json_type(entries)}", _dump(document))
        return
    # A bundle without spec_version is 2.1; 2.0 bundles carry spec_version "2.0".
    version = "2.0" if document.get("spec_version") == "2.0" else "2.1"
    bundle = _Bundle(version)
    for number, entry in enumerate(entries, start=1):
        problem = bundle.add(entry)
        if problem is not None:
            yield Rejection(source, f"object {number}", None, problem, _dump(entry))
    for report_id in bundle.reports:
        location = f"object {report_id}"
        try:
            yield _record(report_id, bundle, source, location, max_text_chars, default_side)
        except RecordError as exc:
            yield Rejection(source, location, exc.field, exc.message, bundle.excerpt(report_id))


@dataclass
class _Bundle:
    """The bundle's objects by id, validated one by one so one bad object costs no more."""

    version: str
    objects: dict[str, StixObject] = field(default_factory=dict)
    raw: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    broken: dict[str, RecordError] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)

    def add(self, entry: object) -> str | None:
        """Index one bundle entry; a message if it cannot even be identified."""
        if not isinstance(entry, Mapping):
            return f"bundle entry is not a STIX object: got {json_type(entry)}"
        kind, object_id = entry.get("type"), entry.get("id")
        if not isinstance(kind, str) or not isinstance(object_id, str):
            return "bundle entry has no string 'type' and 'id'"
        if kind.startswith("x-"):
            return None  # custom objects are not ours to read
        if kind == "report" and object_id not in self.raw:
            self.reports.append(object_id)
        if kind == "relationship" and object_id not in self.raw:
            self.relationships.append(object_id)
        try:
            parsed = stix2.parse(dict(entry), allow_custom=True, version=self.version)
        except Exception as exc:
            # stix2 is the validator and raises many types on malformed input; each one
            # means "this object is invalid", never "stop reading the bundle".
            self.broken[object_id] = _stix_error(object_id, exc)
            self.raw.setdefault(object_id, entry)
            return None
        current = self.objects.get(object_id)
        # Several versions of one object: the latest `modified` wins, a tie the later.
        if current is None or _modified(parsed) >= _modified(current):
            self.objects[object_id] = parsed
            self.raw[object_id] = entry
        return None

    def get(self, object_id: object, prop: str) -> StixObject | None:
        """The object if the bundle holds a valid one; RecordError (naming `prop`, the
        property that refers to it) if it holds a broken one."""
        if not isinstance(object_id, str):
            return None
        if object_id in self.broken:
            error = self.broken[object_id]
            raise RecordError(prop, f"referenced object {object_id}: {error.message}")
        return self.objects.get(object_id)

    def excerpt(self, report_id: str) -> str:
        """A bundle of the report and what it refers to: enough to fix and replay it."""
        wanted = {report_id: None}
        report = self.raw.get(report_id, {})
        wanted.update(dict.fromkeys(_refs(report, "object_refs")))
        wanted.update(dict.fromkeys(_refs(report, "created_by_ref")))
        for object_id in self.relationships:
            ends = _refs(self.raw[object_id], "source_ref") + _refs(self.raw[object_id],
                                                                     "target_ref")
            if len(ends) == 2 and all(end in wanted for end in ends):
                wanted[object_id] = None
        for object_id in list(wanted):
            obj = self.raw.get(object_id, {})
            wanted.update(dict.fromkeys(_refs(obj, "object_marking_refs")))
            granular = obj.get("granular_markings")
            for item in granular if isinstance(granular, list) else ():
                wanted.update(dict.fromkeys(_refs(item, "marking_ref")))
        objects = [self.raw[object_id] for object_id in wanted if object_id in self.raw]
        return _dump({"type": "bundle", "id": _minted("bundle", report_id), "objects": objects})


def _refs(obj: object, key: str) -> list[str]:
    """The string ids under `key` of a raw object (one id or a list), ignoring junk."""
    value = obj.get(key) if isinstance(obj, Mapping) else None
    values = value if isinstance(value, list) else [value]
    return [ref for ref in values if isinstance(ref, str)]


def _record(
    report_id: str, bundle: _Bundle, source: str, location: str, max_text_chars: int,
    default_side: Side,
) -> ReadRecord:
    if report_id in bundle.broken:
        error = bundle.broken[report_id]
        raise RecordError(error.field, error.message)
    report = bundle.objects[report_id]
    used: list[StixObject] = [report]  # objects whose content the record copies
    entities: dict[StructuredEntity, None] = {}  # an ordered set
    for ref in report.get("object_refs", ()):
        obj = bundle.get(ref, "object_refs")
        if obj is None:
            continue  # outside the bundle, or custom: nothing to take
        found = _entities(obj)
        if obj["type"] == "observed-data":
            for inner_ref in obj.get("object_refs", ()):
                inner = bundle.get(inner_ref, "object_refs")
                if inner is not None and (inner_found := _entities(inner)):
                    used.append(inner)
                    found += inner_found
        if found:
            used.append(obj)
            entities.update(dict.fromkeys(found))
    relations = _relations(bundle, {entity.stix_id for entity in entities})
    used += (bundle.objects[relation.stix_id] for relation in relations)
    author = bundle.get(report.get("created_by_ref"), "created_by_ref")
    agency = "unknown"
    if author is not None and author["type"] == "identity":
        agency = author["name"]
        used.append(author)
    description = report.get("description") or ""
    fields = {
        "id": report.get("x_nexus_report_id", report_id),
        "agency": agency,
        "side": report.get("x_nexus_side", default_side.value),
        "marking": _marking(used, bundle),
        "area": report.get("x_nexus_area"),
        "reported_at": report["published"],
        "event_at": report.get("x_nexus_event_at"),
        "title": report["name"],
        "text": description if description.strip() else report["name"],
    }
    try:
        parsed = parse_report(fields, max_text_chars=max_text_chars)
    except RecordError as exc:
        name = _PROPERTY_OF_FIELD.get(exc.field or "", exc.field)
        raise RecordError(name, exc.message) from None
    for entity in entities:
        problem = unicode_problem(entity.name)
        if problem is not None:
            raise RecordError("object_refs", f"object {entity.stix_id}: name {problem}")
    return ReadRecord(parsed, tuple(entities), relations, source=source, location=location)


def _entities(obj: StixObject) -> list[StructuredEntity]:
    """The entities one STIX object states (none for types we do not model)."""
    kind, object_id = obj["type"], obj["id"]
    named: list[tuple[EntityKind, str]] = []
    if kind == "identity":
        cls = obj.get("identity_class")
        if cls == "individual":
            named.append((EntityKind.PERSON, obj["name"]))
        elif cls in ("organization", "group"):
            named.append((EntityKind.ORGANIZATION, obj["name"]))
    elif kind == "threat-actor":
        individual = obj.get("resource_level") == "individual"
        named.append((EntityKind.PERSON if individual else EntityKind.ORGANIZATION, obj["name"]))
    elif kind == "intrusion-set":
        named.append((EntityKind.ORGANIZATION, obj["name"]))
    elif kind == "location":
        named.append((EntityKind.LOCATION, _location_name(obj)))
    elif kind in _OBSERVABLE_KINDS:
        named.append((_OBSERVABLE_KINDS[kind], obj["value"]))
    elif kind == "url":
        host = _host(obj["value"])
        if host is not None:
            named.append(host)
    elif kind == "indicator" and obj.get("pattern_type", "stix") == "stix":
        named += _pattern_values(obj["pattern"])
    return [
        StructuredEntity(entity_kind, clean_text(name).strip(), object_id)
        for entity_kind, name in named if clean_text(name).strip()
    ]


def _location_name(obj: StixObject) -> str:
    if obj.get("name"):
        return str(obj["name"])
    parts = [obj.get(key) for key in ("street_address", "city", "administrative_area",
                                       "country")]
    place = ", ".join(str(part) for part in parts if part)
    if place:
        return place
    if obj.get("region"):
        return str(obj["region"])
    if obj.get("latitude") is not None and obj.get("longitude") is not None:
        return f"{obj['latitude']},{obj['longitude']}"
    return ""


def _host(url: str) -> tuple[EntityKind, str] | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return (EntityKind.IP_ADDRESS if _is_ip(host) else EntityKind.DOMAIN), host


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


def _pattern_values(pattern: str) -> list[tuple[EntityKind, str]]:
    """The observable values an indicator pattern compares for equality."""
    try:
        comparisons = Pattern(pattern).inspect().comparisons
    except Exception:
        # stix2 validated the pattern already; a pattern the inspector still cannot walk
        # simply names no values.
        return []
    found: list[tuple[EntityKind, str]] = []
    for object_type, kind in _OBSERVABLE_KINDS.items():
        for path, operator, literal in comparisons.get(object_type, ()):
            if path == ["value"] and operator == "=" and _is_string_literal(literal):
                found.append((kind, _unquote(literal)))
    return found


def _is_string_literal(literal: object) -> bool:
    return isinstance(literal, str) and len(literal) >= 2 and literal[0] == literal[-1] == "'"


def _unquote(literal: str) -> str:
    # STIX pattern string literals escape only the quote and the backslash.
    return re.sub(r"\\(['\\])", r"\1", literal[1:-1])


def _relations(bundle: _Bundle, entity_ids: set[str]) -> tuple[StructuredRelation, ...]:
    """The mapped relationships of the bundle between two of the given entities."""
    found: list[StructuredRelation] = []
    for relationship_id in bundle.relationships:
        rel = bundle.objects.get(relationship_id)
        if rel is None or relationship_id in bundle.broken:
            continue  # broken, and the report does not refer to it: nothing to copy
        kind = RELATION_KINDS.get(rel["relationship_type"])
        source, target = rel["source_ref"], rel["target_ref"]
        if kind is None or source not in entity_ids or target not in entity_ids:
            continue
        found.append(StructuredRelation(kind, source, target, relationship_id))
    return tuple(found)


def _marking(used: list[StixObject], bundle: _Bundle) -> str:
    """The banner combining the markings of the objects the record copies (report first)."""
    banners: dict[str, None] = {}  # an ordered set
    for number, obj in enumerate(used):
        refs = [(ref, "object_marking_refs") for ref in obj.get("object_marking_refs", ())]
        refs += [
            (granular["marking_ref"], "granular_markings")
            for granular in obj.get("granular_markings", ())
            if granular.get("marking_ref")  # a `lang` granular marking sets no access
        ]
        if number == 0 and not refs:
            raise RecordError(
                "object_marking_refs",
                "report has no marking; a report without a visibility marking is never stored",
            )
        for ref, prop in refs:
            banner = _banner(ref, bundle, prop if number == 0 else f"{prop} of {obj['id']}")
            if banner is not None:
                banners[banner] = None
    if not banners:
        raise RecordError(
            "object_marking_refs",
            "report has only notice statements as markings, no visibility marking",
        )
    if len(banners) == 1:
        return next(iter(banners))
    try:
        return combine(*(parse_marking(banner) for banner in banners)).banner()
    except MarkingError as exc:
        raise RecordError("object_marking_refs", f"markings do not combine: {exc}") from None


def _banner(ref: str, bundle: _Bundle, prop: str) -> str | None:
    """The banner a marking definition stands for; None for a notice. Deny by default."""
    definition = bundle.get(ref, prop)
    standard = _TLP_IDS.get(ref)
    if definition is None:
        if standard is None:
            raise RecordError(
                prop, f"marking definition {ref} is not in the bundle; a missing marking is "
                "never guessed (add the definition and replay)",
            )
        return _tlp_banner(standard, ref, prop)
    extension = (definition.get("extensions") or {}).get(_TLP2_EXTENSION)
    definition_type = definition.get("definition_type")
    if extension is not None:
        level = str(extension.get("tlp_2_0", ""))
    elif definition_type == "tlp":
        level = str(definition["definition"]["tlp"])
    elif definition_type == "statement":
        return _statement_banner(str(definition["definition"]["statement"]), ref, prop)
    else:
        raise RecordError(prop, f"marking definition {ref} has unsupported type "
                          f"{definition_type!r}; only TLP and banner statements are read")
    if standard is not None and level.lower() != standard:
        raise RecordError(prop, f"marking definition {ref} is the standard TLP:"
                          f"{standard.upper()} id but says TLP:{level.upper()}")
    return _tlp_banner(level.lower(), ref, prop)


def _tlp_banner(level: str, ref: str, prop: str) -> str:
    if level not in TLP_BANNERS:
        raise RecordError(prop, f"marking definition {ref} has unknown TLP level {level!r}")
    banner = TLP_BANNERS[level]
    if banner is None:
        raise RecordError(
            prop, f"TLP:{level.upper()} ({ref}) is for its named recipients only and is not "
            "ingested; the originator must re-mark it first",
        )
    return banner


def _statement_banner(statement: str, ref: str, prop: str) -> str | None:
    try:
        parse_marking(statement)
    except MarkingError as exc:
        if _NOTICE.search(statement) and not _CONTROL_WORDS.search(statement):
            return None
        raise RecordError(prop, f"marking definition {ref}: {exc}") from None
    return statement.strip()


def _modified(obj: StixObject) -> datetime:
    value = obj.get("modified")
    return value if isinstance(value, datetime) else _EPOCH


def _stix_error(object_id: str, exc: Exception) -> RecordError:
    prop = getattr(exc, "prop_name", None)
    if prop is None:
        missing = getattr(exc, "properties", None)
        prop = missing[0] if isinstance(missing, list | tuple) and missing else None
    return RecordError(
        str(prop) if prop is not None else None, f"invalid STIX object {object_id}: {exc}"
    )


def _dump(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return repr(value)


# -- writing ------------------------------------------------------------------------------


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


def _minted(stix_type: str, key: str) -> str:
    return f"{stix_type}--{uuid.uuid5(_NAMESPACE, f'{stix_type}:{key}')}"
