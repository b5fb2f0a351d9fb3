"""STIX 2.1 bundles of any shape: every object becomes a record, is rejected, or is skipped
with a reason, so that the objects a partner sent are all accounted for.

Which record an object lands in (the design):

- a `report` is a record of its own, as partners mean it: its text, and the entities of
  the objects it refers to (and their relations) as one piece of evidence;
- every other object that names an entity of ours (below) is a record of its own too,
  whether or not a report refers to it: id = the STIX id, title "<type>: <name>", text =
  its description (or the name). This is what makes markings per object (granular): the
  record has exactly the object's marking, so a PUBREL address in a SECRET bundle stays
  public and the SECRET actor beside it is hidden, and an object in no report still lands;
- every `relationship` between two such objects is a record of its own that mentions both
  ends and states the relation, so it becomes a `RELATED` edge whose `report` is the
  relationship's STIX id (the provenance: which object, which marking, which agency);
- every `sighting` likewise: the sighted entities (an indicator's values, the observed
  data's observables) `SIGHTED_AT` the identities and locations that sighted them.

Record fields: id = the STIX id (a report's `x_nexus_report_id` if set, written by
the tests' `to_stix_bundle` for ids that are not STIX ids); agency = name of the `created_by_ref`
identity if the bundle holds it, else "unknown"; side = `x_nexus_side`, else
``default_side`` (INTEL: STIX is the intelligence community's exchange format); area =
`x_nexus_area`; reported_at = a report's `published`, else the object's `modified` or
`created`, else the newest `modified` in the bundle (observables carry no time); event_at
= `x_nexus_event_at`.

Markings, deny by default (`stix_markings` maps definitions to banners, ACS 3.0 included).
A record's marking combines (`visibility.combine`) every marking of what it copies: a
report record its own and those of the entities, relationships and author it takes, so a
name learned at SECRET never rides in on a TLP:GREEN report; a relationship record its
own and both ends'. An object with no marking of its own takes that of the reports that
refer to it, else the feed's default marking, which the operator states explicitly
(`nexus ingest --default-marking`); with neither it is rejected. A granular marking counts
for the whole object. A reference to a marking definition the bundle does not hold (other
than the standard TLP ids) rejects the object: its visibility is never guessed.

Entities:

================================  ===============================================
STIX object                       entity kind
================================  ===============================================
identity                          Person if identity_class is individual;
                                  Organization if organization or group; else
                                  skipped (a class, sector or system is no entity)
threat-actor                      Person if resource_level is individual, else
                                  Organization
intrusion-set, campaign           Organization: a campaign is the group acting
                                  under that name (ATT&CK attributes campaigns to
                                  intrusion sets); we have no event kind
location                          Location (name, else street/city/area/country,
                                  else region, else "lat,long")
email-addr / ipv4-addr /          Email / IpAddress / IpAddress / Domain (the
ipv6-addr / domain-name           observable's value)
url                               Domain, or IpAddress, of the URL's host
indicator                         each `[type:value = '...']` comparison on the
                                  four observable types above
================================  ===============================================

`aliases`, `x_mitre_aliases` and `x_opencti_aliases` are further names of the same
entity: they resolve to it, not to entities of their own. A `revoked` object is skipped
(its creator withdrew it) and so is any relationship or sighting that needs it;
`x_mitre_deprecated` objects still state true history and are read. Skipped with a
reason: malware and tools (software, not an entity kind of ours), infrastructure (cyber
infrastructure, not the critical-infrastructure Facility kind), attack patterns, courses
of action, vulnerabilities, notes, opinions, groupings, observed-data (a container: its
observables are read as objects of their own), marking definitions (applied to the
objects that refer to them, not content), `x-` custom objects, older versions of an
object (the latest `modified` is read) and relationships or sightings with an end that is
none of our entities or not in the bundle. A report or object that fails STIX validation
is rejected, naming it.

Relationship types map to relation kinds by name (`relation_kind`: the spec's types by
`RELATION_KINDS`, our own kinds by their names, as Nexus's STIX export writes them); any
other type (a custom one) is RELATED_TO, with the STIX type in the record's title.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import stix2
from stix2patterns.pattern import Pattern

from graph_service.domain import EntityKind, RelationKind, Side
from graph_service.visibility import MarkingError, combine, parse_marking

from .decoding import clean_text, unicode_problem
from .records import (
    FeedOptions,
    ReadRecord,
    ReadResult,
    Skipped,
    StructuredEntity,
    StructuredRelation,
)
from .rejections import Rejection, decoded, json_error
from .schema import DEFAULT_MAX_TEXT_CHARS, RecordError, json_type, parse_report
from .stix_markings import TLP_BANNERS, banner_of

__all__ = ["RELATION_KINDS", "TLP_BANNERS", "read_bundle", "read_stix"]

RELATION_KINDS: Mapping[str, RelationKind] = {
    "attributed-to": RelationKind.MEMBER_OF,
    "member-of": RelationKind.MEMBER_OF,
    "works-for": RelationKind.WORKS_FOR,
    "owns": RelationKind.OWNS,
    "targets": RelationKind.TARGETS,
    "uses": RelationKind.USES,
    "located-at": RelationKind.LOCATED_AT,
    "originates-from": RelationKind.LOCATED_AT,
    "indicates": RelationKind.INDICATES,
    "communicates-with": RelationKind.COMMUNICATES_WITH,
    "resolves-to": RelationKind.RESOLVES_TO,
    "impersonates": RelationKind.IMPERSONATES,
    "compromises": RelationKind.COMPROMISES,
    "related-to": RelationKind.RELATED_TO,
}
_RELATIONSHIP_TYPES: Mapping[RelationKind, str] = {
    RelationKind.MEMBER_OF: "member-of",
    RelationKind.WORKS_FOR: "works-for",
    RelationKind.OWNS: "owns",
    RelationKind.TARGETS: "targets",
    RelationKind.USES: "uses",
    RelationKind.LOCATED_AT: "located-at",
    RelationKind.INDICATES: "indicates",
    RelationKind.COMMUNICATES_WITH: "communicates-with",
    RelationKind.RESOLVES_TO: "resolves-to",
    RelationKind.IMPERSONATES: "impersonates",
    RelationKind.COMPROMISES: "compromises",
    RelationKind.RELATED_TO: "related-to",
    # Relations read from prose have no STIX type of their own: the generic one.
    RelationKind.CALLED: "related-to",
    RelationKind.DROVE: "related-to",
    RelationKind.TRAVELLED_TO: "related-to",
    RelationKind.MET_WITH: "related-to",
    RelationKind.SIGHTED_AT: "related-to",
}
_OBSERVABLE_KINDS: Mapping[str, EntityKind] = {
    "email-addr": EntityKind.EMAIL,
    "ipv4-addr": EntityKind.IP_ADDRESS,
    "ipv6-addr": EntityKind.IP_ADDRESS,
    "domain-name": EntityKind.DOMAIN,
}
_ALIAS_PROPERTIES = ("aliases", "x_mitre_aliases", "x_opencti_aliases")
_SKIP_REASONS: Mapping[str, str] = {
    "malware": "software, not an entity kind of ours",
    "tool": "software, not an entity kind of ours",
    "infrastructure": "cyber infrastructure (C2, botnets), not a critical-infrastructure "
                      "Facility",
    "attack-pattern": "a technique, not an entity",
    "course-of-action": "a mitigation, not an entity",
    "vulnerability": "a vulnerability, not an entity",
    "note": "an analyst's comment on other objects, not an entity",
    "opinion": "an analyst's opinion on other objects, not an entity",
    "grouping": "a grouping of other objects, read one by one",
    "observed-data": "a container: its observables are read as objects of their own",
    "marking-definition": "applied as a marking to the objects that refer to it",
    "extension-definition": "describes an extension, not content",
    "language-content": "a translation of another object's text",
    "malware-analysis": "a malware analysis, not an entity",
    "indicator": "its pattern compares no address, domain or e-mail for equality",
}
# Where a report record field comes from, so that errors name the STIX property to fix.
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
# Deterministic ids for what is minted (a bundle of one object, an id that is not STIX's),
# so the same input always gives the same text.
_NAMESPACE = uuid.UUID("6f1d8a8e-3c0b-5a57-9c39-2a4f0e1b7d55")
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

StixObject = Mapping[str, Any]


def read_stix(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    default_side: Side = Side.INTEL, feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read a STIX bundle file: a record per report and per object naming an entity."""
    text = decoded(data, source)
    if isinstance(text, Rejection):
        yield text
        return
    if not text.strip():
        return
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, "file", None, f"invalid JSON: {json_error(exc)}", text)
        return
    yield from read_bundle(document, source=source, max_text_chars=max_text_chars,
                           default_side=default_side, feed=feed)


def read_bundle(
    document: object, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    default_side: Side = Side.INTEL, feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read a decoded STIX bundle, never raising: each object becomes one record, one
    rejection or one `Skipped` told to `feed.on_skip`."""
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
    reader = _Reader(bundle, source, max_text_chars, default_side, feed or FeedOptions())
    for object_id in bundle.order:
        yield from reader.account(object_id)


@dataclass
class _Bundle:
    """The bundle's objects by id, validated one by one so one bad object costs no more."""

    version: str
    objects: dict[str, StixObject] = field(default_factory=dict)
    raw: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    broken: dict[str, RecordError] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # ids, first appearance first
    copies: dict[str, int] = field(default_factory=dict)  # entries per id
    custom: dict[str, str] = field(default_factory=dict)  # id -> x- type
    reports: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)

    def add(self, entry: object) -> str | None:
        """Index one bundle entry; a message if it cannot even be identified."""
        if not isinstance(entry, Mapping):
            return f"bundle entry is not a STIX object: got {json_type(entry)}"
        kind, object_id = entry.get("type"), entry.get("id")
        if not isinstance(kind, str) or not isinstance(object_id, str):
            return "bundle entry has no string 'type' and 'id'"
        if object_id not in self.copies:
            self.order.append(object_id)
            if kind == "report":
                self.reports.append(object_id)
            if kind == "relationship":
                self.relationships.append(object_id)
        self.copies[object_id] = self.copies.get(object_id, 0) + 1
        if kind.startswith("x-"):
            self.custom[object_id] = kind  # custom objects are not ours to read
            return None
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

    @cached_property
    def newest(self) -> datetime:
        """The newest `modified` in the bundle: the time of objects that carry none."""
        return max((_modified(obj) for obj in self.objects.values()), default=_EPOCH)

    @cached_property
    def referrers(self) -> dict[str, list[str]]:
        """For each object, the reports that refer to it (directly or in observed data)."""
        found: dict[str, list[str]] = {}
        for report_id in self.reports:
            report = self.objects.get(report_id)
            for ref in report.get("object_refs", ()) if report is not None else ():
                found.setdefault(ref, []).append(report_id)
                inner = self.objects.get(ref)
                if inner is not None and inner["type"] == "observed-data":
                    for inner_ref in inner.get("object_refs", ()):
                        found.setdefault(inner_ref, []).append(report_id)
        return found

    def excerpt(self, object_id: str) -> str:
        """A bundle of the object and what it refers to: enough to fix and replay it."""
        wanted = {object_id: None}
        obj = self.raw.get(object_id, {})
        for key in ("object_refs", "created_by_ref", "source_ref", "target_ref",
                    "sighting_of_ref", "where_sighted_refs", "observed_data_refs"):
            wanted.update(dict.fromkeys(_refs(obj, key)))
        for relationship_id in self.relationships:
            ends = _refs(self.raw.get(relationship_id), "source_ref") + _refs(
                self.raw.get(relationship_id), "target_ref")
            if len(ends) == 2 and all(end in wanted for end in ends):
                wanted[relationship_id] = None
        for wanted_id in list(wanted):
            item = self.raw.get(wanted_id, {})
            wanted.update(dict.fromkeys(_refs(item, "object_marking_refs")))
            granular = item.get("granular_markings")
            for marking in granular if isinstance(granular, list) else ():
                wanted.update(dict.fromkeys(_refs(marking, "marking_ref")))
        objects = [self.raw[item] for item in wanted if item in self.raw]
        return _dump({"type": "bundle", "id": _minted("bundle", object_id), "objects": objects})


def _refs(obj: object, key: str) -> list[str]:
    """The string ids under `key` of a raw object (one id or a list), ignoring junk."""
    value = obj.get(key) if isinstance(obj, Mapping) else None
    values = value if isinstance(value, list) else [value]
    return [ref for ref in values if isinstance(ref, str)]


class _Skip(Exception):
    """An object that is valid but becomes no record; the message says why."""


class _Reader:
    """Accounts for the objects of one bundle: a record, a rejection or a skip each."""

    def __init__(self, bundle: _Bundle, source: str, max_text_chars: int,
                 default_side: Side, feed: FeedOptions) -> None:
        self.bundle = bundle
        self.source = source
        self.max_text_chars = max_text_chars
        self.default_side = default_side
        self.feed = feed
        self._own: dict[str, str | None] = {}

    def account(self, object_id: str) -> Iterator[ReadResult]:
        """The record or rejection of one object; a skip goes to `feed.on_skip`."""
        bundle = self.bundle
        obj = bundle.objects.get(object_id)
        kind = bundle.custom.get(object_id) or (obj["type"] if obj is not None else
                                                str(bundle.raw[object_id].get("type")))
        for _ in range(bundle.copies[object_id] - 1):
            self._skip(object_id, kind, "an older copy of an object the bundle repeats "
                       "(the latest `modified` is read)")
        location = f"object {object_id}"
        try:
            if object_id in bundle.custom:
                raise _Skip(f"custom object type {kind}")
            if object_id in bundle.broken:
                error = bundle.broken[object_id]
                raise RecordError(error.field, error.message)
            assert obj is not None  # every id is custom, broken or parsed
            if obj.get("revoked"):
                raise _Skip("revoked by its creator: no longer valid")
            if kind == "report":
                yield self._report(obj, location)
            elif kind == "relationship":
                yield self._relationship(obj, location)
            elif kind == "sighting":
                yield self._sighting(obj, location)
            elif _primary(entities := _entities(obj)):
                yield self._object(obj, entities, location)
            else:
                raise _Skip(_skip_reason(obj))
        except _Skip as skip:
            self._skip(object_id, kind, str(skip))
        except RecordError as exc:
            yield Rejection(self.source, location, exc.field, exc.message,
                            bundle.excerpt(object_id))

    def _skip(self, object_id: str, kind: str, reason: str) -> None:
        self.feed.on_skip(Skipped(self.source, object_id, kind, reason))

    # -- records -------------------------------------------------------------------------

    def _report(self, report: StixObject, location: str) -> ReadRecord:
        bundle = self.bundle
        used: list[StixObject] = []  # other objects whose content the record copies
        entities: dict[StructuredEntity, None] = {}  # an ordered set
        for ref in report.get("object_refs", ()):
            obj = bundle.get(ref, "object_refs")
            if obj is None or obj.get("revoked"):
                continue  # outside the bundle, custom or withdrawn: nothing to take
            found = _primary(_entities(obj))
            if obj["type"] == "observed-data":
                for inner_ref in obj.get("object_refs", ()):
                    inner = bundle.get(inner_ref, "object_refs")
                    if inner is not None and (inner_found := _primary(_entities(inner))):
                        used.append(inner)
                        found += inner_found
            if found:
                used.append(obj)
                entities.update(dict.fromkeys(found))
        relations = _relations(bundle, {entity.stix_id for entity in entities})
        used += (bundle.objects[relation.stix_id] for relation in relations)
        marking, defaulted = self._effective(report, "report")
        banners = [marking]
        for obj in used:
            banners += [b] if (b := self._own_banner(obj, f"of {obj['id']}")) else []
        description = report.get("description") or ""
        fields = {
            "id": report.get("x_nexus_report_id", report["id"]),
            "marking": _combined(banners),
            "reported_at": report["published"],
            "title": report["name"],
            "text": description if description.strip() else report["name"],
        }
        return self._build(report, fields, tuple(entities), relations, location, defaulted)

    def _object(self, obj: StixObject, entities: list[StructuredEntity],
                location: str) -> ReadRecord:
        marking, defaulted = self._effective(obj, "object")
        title = f"{obj['type']}: {entities[0].name}"
        description = obj.get("description") or ""
        fields = {
            "id": obj["id"], "marking": marking, "reported_at": self._time(obj),
            "title": title, "text": description if description.strip() else title,
        }
        return self._build(obj, fields, tuple(entities), (), location, defaulted)

    def _relationship(self, rel: StixObject, location: str) -> ReadRecord:
        source = self._end(rel["source_ref"], "source_ref", "source")
        target = self._end(rel["target_ref"], "target_ref", "target")
        kind = relation_kind(rel["relationship_type"])
        marking, defaulted = self._effective(rel, "relationship")
        banners = [marking, self._effective(source, "source")[0],
                   self._effective(target, "target")[0]]
        title = (f"{_primary(_entities(source))[0].name} {rel['relationship_type']} "
                 f"{_primary(_entities(target))[0].name}")
        description = rel.get("description") or ""
        fields = {
            "id": rel["id"], "marking": _combined(banners), "reported_at": self._time(rel),
            "title": title, "text": description if description.strip() else title,
        }
        entities = tuple(dict.fromkeys(_primary(_entities(source)) + _primary(
            _entities(target))))
        relation = StructuredRelation(kind, source["id"], target["id"], rel["id"])
        return self._build(rel, fields, entities, (relation,), location, defaulted)

    def _sighting(self, sighting: StixObject, location: str) -> ReadRecord:
        bundle = self.bundle
        seen = [self._optional_end(sighting["sighting_of_ref"], "sighting_of_ref",
                                   "sighted object")]
        for ref in sighting.get("observed_data_refs", ()):
            observed = bundle.get(ref, "observed_data_refs")
            for inner_ref in observed.get("object_refs", ()) if observed is not None else ():
                seen.append(self._optional_end(inner_ref, "observed_data_refs", "observable"))
        where = [self._optional_end(ref, "where_sighted_refs", "place")
                 for ref in sighting.get("where_sighted_refs", ())]
        seen_objects = [obj for obj in seen if obj is not None]
        where_objects = [obj for obj in where if obj is not None]
        named = seen_objects + where_objects
        if not named:
            raise _Skip("it names nothing that is an entity of ours")
        marking, defaulted = self._effective(sighting, "sighting")
        banners = [marking] + [self._effective(obj, "sighted object")[0] for obj in named]
        what = _primary(_entities(named[0]))[0].name
        at = ", ".join(_primary(_entities(obj))[0].name for obj in where_objects)
        title = f"{what} sighted" + (f" at {at}" if at else "")
        description = sighting.get("description") or ""
        fields = {
            "id": sighting["id"], "marking": _combined(banners),
            "reported_at": sighting.get("last_seen") or self._time(sighting),
            "title": title, "text": description if description.strip() else title,
        }
        entities = tuple(dict.fromkeys(e for obj in named for e in _primary(_entities(obj))))
        relations = tuple(
            StructuredRelation(RelationKind.SIGHTED_AT, a["id"], b["id"], sighting["id"])
            for a in seen_objects for b in where_objects if a["id"] != b["id"]
        )
        return self._build(sighting, fields, entities, relations, location, defaulted)

    def _build(self, obj: StixObject, fields: dict[str, Any],
               entities: tuple[StructuredEntity, ...],
               relations: tuple[StructuredRelation, ...], location: str,
               defaulted: bool) -> ReadRecord:
        """Validate the record's fields (errors name the STIX property) and wrap it."""
        author = self.bundle.get(obj.get("created_by_ref"), "created_by_ref")
        fields |= {
            "agency": author["name"] if author is not None and author["type"] == "identity"
            else "unknown",
            "side": obj.get("x_nexus_side", self.default_side.value),
            "area": obj.get("x_nexus_area"),
            "event_at": obj.get("x_nexus_event_at"),
        }
        try:
            parsed = parse_report(fields, max_text_chars=self.max_text_chars)
        except RecordError as exc:
            name = _PROPERTY_OF_FIELD.get(exc.field or "", exc.field)
            raise RecordError(name, exc.message) from None
        for entity in entities:
            problem = unicode_problem(entity.name)
            if problem is not None:
                raise RecordError("object_refs", f"object {entity.stix_id}: name {problem}")
        record = ReadRecord(parsed, entities, relations, source=self.source,
                            location=location, object_type=obj["type"])
        if defaulted:
            self.feed.on_default(record)
        return record

    # -- helpers -------------------------------------------------------------------------

    def _end(self, ref: str, prop: str, role: str) -> StixObject:
        """An end of a relationship or sighting that names an entity of ours, else a skip."""
        obj = self.bundle.get(ref, prop)
        if obj is None:
            raise _Skip(f"its {role} {ref} is not in the bundle")
        if obj.get("revoked"):
            raise _Skip(f"its {role} {ref} is revoked")
        if not _primary(_entities(obj)):
            raise _Skip(f"its {role} {ref} is not an entity of ours ({_skip_reason(obj)})")
        return obj

    def _optional_end(self, ref: str, prop: str, role: str) -> StixObject | None:
        """As `_end`, but None where the end names no entity of ours."""
        try:
            return self._end(ref, prop, role)
        except _Skip:
            return None

    def _own_banner(self, obj: StixObject, where: str) -> str | None:
        """The banner of the markings `obj` carries itself; None if it carries none."""
        object_id = obj["id"]
        if object_id not in self._own:
            refs = [(ref, "object_marking_refs") for ref in obj.get("object_marking_refs", ())]
            refs += [
                (granular["marking_ref"], "granular_markings")
                for granular in obj.get("granular_markings", ())
                if granular.get("marking_ref")  # a `lang` granular marking sets no access
            ]
            banners = []
            for ref, prop in refs:
                banner = banner_of(ref, self.bundle.get, prop if not where else
                                   f"{prop} {where}")
                if banner is not None:
                    banners.append(banner)
            self._own[object_id] = _combined(banners) if banners else None
        return self._own[object_id]

    def _effective(self, obj: StixObject, what: str) -> tuple[str, bool]:
        """The marking `obj` is read under, and whether it was the feed's default: its own,
        else its reports', else the default; RecordError if none."""
        object_id = obj["id"]
        where = "" if what in ("report", "object", "relationship", "sighting") else \
            f"of {object_id}"
        own = self._own_banner(obj, where)
        if own is not None:
            return own, False
        context = [
            banner for report_id in self.bundle.referrers.get(object_id, ())
            if report_id != object_id and (banner := self._report_banner(report_id))
        ]
        if context:
            return _combined(context), False
        if self.feed.default_marking is not None:
            return self.feed.default_marking, True
        notices = bool(obj.get("object_marking_refs") or obj.get("granular_markings"))
        stated = "only notice statements as markings, no visibility marking" if notices \
            else "no marking"
        raise RecordError(
            "object_marking_refs",
            f"{what} {object_id if where else ''}".strip() + f" has {stated}, and no default "
            "marking was stated for the feed (nexus ingest --default-marking); an object "
            "without a visibility marking is never stored",
        )

    def _report_banner(self, report_id: str) -> str | None:
        """The report's own marking, None if it has none or one we cannot read: such a
        report is rejected on its own, and the objects it shares with other reports still
        take theirs (what a readable report states at its level is known at that level)."""
        report = self.bundle.objects.get(report_id)
        if report is None:
            return None
        try:
            return self._own_banner(report, f"of {report_id}")
        except RecordError:
            return None

    def _time(self, obj: StixObject) -> datetime:
        value = obj.get("modified") or obj.get("created")
        return value if isinstance(value, datetime) else self.bundle.newest


def relation_kind(relationship_type: str) -> RelationKind:
    """The kind of a STIX relationship type: a spec type by `RELATION_KINDS`, one of our own
    kinds by its name ("travelled-to", "sighted-at": what Nexus exports write), else
    RELATED_TO."""
    if relationship_type in RELATION_KINDS:
        return RELATION_KINDS[relationship_type]
    try:
        return RelationKind(relationship_type.upper().replace("-", "_"))
    except ValueError:
        return RelationKind.RELATED_TO


def _combined(banners: list[str]) -> str:
    unique = list(dict.fromkeys(banners))
    if len(unique) == 1:
        return unique[0]
    try:
        return combine(*(parse_marking(banner) for banner in unique)).banner()
    except MarkingError as exc:
        raise RecordError("object_marking_refs", f"markings do not combine: {exc}") from None


def _primary(entities: list[StructuredEntity]) -> list[StructuredEntity]:
    return [entity for entity in entities if not entity.alias]


def _skip_reason(obj: StixObject) -> str:
    kind = obj["type"]
    if kind == "identity":
        return f"an identity of class {obj.get('identity_class', '(none)')!r} is not a " \
            "person or an organization"
    if obj.get("revoked"):
        return "revoked by its creator: no longer valid"
    return _SKIP_REASONS.get(kind, f"{kind} is not an entity kind of ours")


def _entities(obj: StixObject) -> list[StructuredEntity]:
    """The entities one STIX object states (none for types we do not model); its aliases
    follow as `alias` entities of the first."""
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
    elif kind in ("intrusion-set", "campaign"):
        named.append((EntityKind.ORGANIZATION, obj["name"]))
    elif kind == "location":
        named.append((EntityKind.LOCATION, _location_name(obj)))
    elif kind in _OBSERVABLE_KINDS:
        named.append((_OBSERVABLE_KINDS[kind], obj["value"]))
    elif kind == "url":
        host = url_host(obj["value"])
        if host is not None:
            named.append(host)
    elif kind == "indicator" and obj.get("pattern_type", "stix") == "stix":
        named += _pattern_values(obj["pattern"])
    found = [
        StructuredEntity(entity_kind, clean_text(name).strip(), object_id)
        for entity_kind, name in named if clean_text(name).strip()
    ]
    if len(found) == 1:
        names = {found[0].name.casefold()}
        for prop in _ALIAS_PROPERTIES:
            for alias in obj.get(prop) or ():
                alias = clean_text(alias).strip() if isinstance(alias, str) else ""
                if alias and alias.casefold() not in names:
                    names.add(alias.casefold())
                    found.append(StructuredEntity(found[0].kind, alias, object_id, alias=True))
    return found


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


def url_host(url: str) -> tuple[EntityKind, str] | None:
    """The Domain or IpAddress of a URL's host; None if it has none."""
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
    """The relationships of the bundle between two of the given entities."""
    found: list[StructuredRelation] = []
    for relationship_id in bundle.relationships:
        rel = bundle.objects.get(relationship_id)
        if rel is None or relationship_id in bundle.broken or rel.get("revoked"):
            continue  # broken or withdrawn, and the report does not refer to it
        kind = relation_kind(rel["relationship_type"])
        source, target = rel["source_ref"], rel["target_ref"]
        if source not in entity_ids or target not in entity_ids:
            continue
        found.append(StructuredRelation(kind, source, target, relationship_id))
    return tuple(found)


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


def _minted(stix_type: str, key: str) -> str:
    return f"{stix_type}--{uuid.uuid5(_NAMESPACE, f'{stix_type}:{key}')}"
