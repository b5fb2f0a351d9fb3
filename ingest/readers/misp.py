"""MISP events (the JSON of a MISP event export, one or many), read through pymisp's own
model classes (`MISPEvent`), one record per event.

Accepted documents: `{"Event": {...}}`, a list of those, and the REST API's
`{"response": [{"Event": {...}}, ...]}`.

==============  ==========================================================================
record field    from the event
==============  ==========================================================================
id              "misp-event--<uuid>"
agency          the creating organisation (`Orgc.name`), else `Org.name`, else "unknown"
side            ``default_side`` (INTEL)
marking         the event's TLP tag, AND its attributes' and objects' TLP tags (a value
                learned at AMBER never rides in on a GREEN event); distribution 0 (this
                organisation only) or 4 (a sharing group) add ORCON: the originator
                controls who else may read it. TLP:RED is rejected, as for STIX. With no
                TLP tag the feed's default marking applies, else the event is rejected.
reported_at     `publish_timestamp`, else `timestamp`, else `date`
title           `info`
text            `info`, then every attribute's and object's comment, one a line
==============  ==========================================================================

Attributes (and the attributes of objects) become entities of our kinds by type
(`ATTRIBUTE_KINDS`: ip-src/ip-dst and their `|port` forms, domain, hostname, domain|ip,
url, email-src/-dst/..., phone-number, wallets (btc, xmr, dash...), iban,
passport-number, whois-registrant-*, target-org/-location, threat-actor...); a `person`
object's names become a Person. Every other attribute (hashes, file names, registry
keys, free text...) is skipped with its type named, and so is a value that is not an
identifier of its kind (a malformed address), so that each attribute is accounted for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from pymisp import MISPAttribute, MISPEvent, MISPObject

from graph_service.domain import EntityKind, Side
from graph_service.domain.identifiers import normalise
from graph_service.visibility import MarkingError, combine, parse_marking

from .records import FeedOptions, ReadRecord, ReadResult, Skipped, StructuredEntity
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS, RecordError, parse_report
from .stix import url_host
from .stix_markings import TLP_BANNERS

__all__ = ["ATTRIBUTE_KINDS", "is_misp", "read_misp"]

ATTRIBUTE_KINDS: Mapping[str, EntityKind] = {
    "ip-src": EntityKind.IP_ADDRESS,
    "ip-dst": EntityKind.IP_ADDRESS,
    "ip-src|port": EntityKind.IP_ADDRESS,
    "ip-dst|port": EntityKind.IP_ADDRESS,
    "domain": EntityKind.DOMAIN,
    "hostname": EntityKind.DOMAIN,
    "hostname|port": EntityKind.DOMAIN,
    "url": EntityKind.DOMAIN,  # its host: Domain or IpAddress
    "uri": EntityKind.DOMAIN,
    "email": EntityKind.EMAIL,
    "email-src": EntityKind.EMAIL,
    "email-dst": EntityKind.EMAIL,
    "email-reply-to": EntityKind.EMAIL,
    "whois-registrant-email": EntityKind.EMAIL,
    "target-email": EntityKind.EMAIL,
    "phone-number": EntityKind.PHONE,
    "whois-registrant-phone": EntityKind.PHONE,
    "btc": EntityKind.ACCOUNT,
    "xmr": EntityKind.ACCOUNT,
    "dash": EntityKind.ACCOUNT,
    "iban": EntityKind.ACCOUNT,
    "bank-account-nr": EntityKind.ACCOUNT,
    "passport-number": EntityKind.DOCUMENT,
    "whois-registrant-name": EntityKind.PERSON,
    "target-user": EntityKind.PERSON,
    "full-name": EntityKind.PERSON,
    "target-org": EntityKind.ORGANIZATION,
    "whois-registrant-org": EntityKind.ORGANIZATION,
    "threat-actor": EntityKind.ORGANIZATION,
    "target-location": EntityKind.LOCATION,
}
_NAME_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.LOCATION})
# Distribution levels that limit who may read an event to the originator's choice.
_ORIGINATOR_ONLY = frozenset({0, 4})


def is_misp(document: object) -> bool:
    """Whether a decoded JSON document is a MISP event export (one, many, or a response)."""
    if isinstance(document, Mapping):
        return "Event" in document or isinstance(document.get("response"), list)
    return bool(document) and isinstance(document, list) and all(
        isinstance(item, Mapping) and "Event" in item for item in document)


def read_misp(
    document: object, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    default_side: Side = Side.INTEL, feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read a decoded MISP export: one record per event, never raising."""
    feed = feed or FeedOptions()
    if isinstance(document, Mapping) and isinstance(document.get("response"), list):
        events: Sequence[object] = document["response"]
    elif isinstance(document, list):
        events = document
    else:
        events = [document]
    for number, item in enumerate(events, start=1):
        location = f"event {number}"
        raw = json.dumps(item, ensure_ascii=False, default=str)
        if not isinstance(item, dict):
            yield Rejection(source, location, None, "not a MISP event: expected an object",
                            raw)
            continue
        event = MISPEvent()
        try:
            event.load(item)
        except Exception as exc:
            # pymisp raises many types on malformed events; each costs this event only.
            yield Rejection(source, location, None, f"not a MISP event: {exc}", raw)
            continue
        try:
            yield _record(event, source, location, max_text_chars, default_side, feed)
        except RecordError as exc:
            yield Rejection(source, location, exc.field, exc.message, raw)


def _record(event: MISPEvent, source: str, location: str, max_text_chars: int,
            default_side: Side, feed: FeedOptions) -> ReadRecord:
    entities: list[StructuredEntity] = []
    comments: list[str] = []
    tagged: list[Any] = [event]
    for attribute in event.attributes:
        entities += _attribute_entities(attribute, source, feed)
        tagged.append(attribute)
        comments.append(getattr(attribute, "comment", "") or "")
    for obj in event.objects:
        entities += _object_entities(obj, source, feed)
        tagged += [obj, *obj.attributes]
        comments.append(getattr(obj, "comment", "") or "")
        comments += [getattr(a, "comment", "") or "" for a in obj.attributes]
    marking, defaulted = _marking(event, tagged, feed)
    info = str(getattr(event, "info", "") or "")
    text = "\n".join([info, *(c for c in comments if c.strip())])
    org = getattr(event, "Orgc", None) or getattr(event, "Org", None)
    fields = {
        "id": f"misp-event--{event.uuid}",
        "agency": getattr(org, "name", None) or "unknown",
        "side": default_side.value,
        "marking": marking,
        "reported_at": _when(event),
        "title": info,
        "text": text if text.strip() else f"MISP event {event.uuid}",
    }
    try:
        report = parse_report(fields, max_text_chars=max_text_chars)
    except RecordError as exc:
        prop = {"id": "uuid", "title": "info", "text": "info", "agency": "Orgc"}.get(
            exc.field or "", exc.field)
        raise RecordError(prop, exc.message) from None
    record = ReadRecord(report, tuple(dict.fromkeys(entities)), source=source,
                        location=location, object_type="event")
    if defaulted:
        feed.on_default(record)
    return record


def _attribute_entities(attribute: MISPAttribute, source: str, feed: FeedOptions,
                        kind: EntityKind | None = None) -> list[StructuredEntity]:
    """The entity (or, for domain|ip, entities) an attribute names; a skip if none."""
    misp_type = str(attribute.type)
    value = str(attribute.value).strip()
    pairs: list[tuple[EntityKind, str]] = []
    kind = kind or ATTRIBUTE_KINDS.get(misp_type)
    if misp_type == "domain|ip":
        domain, _, ip = value.partition("|")
        pairs = [(EntityKind.DOMAIN, domain), (EntityKind.IP_ADDRESS, ip)]
    elif kind is not None:
        if misp_type.endswith("|port"):
            value = value.rpartition("|")[0]
        if misp_type in ("url", "uri"):
            host = url_host(value)
            pairs = [] if host is None else [host]
        else:
            pairs = [(kind, value)]
    else:
        _skip(feed, source, attribute, f"attribute type {misp_type!r} is not an entity kind "
              "of ours")
        return []
    found = [
        StructuredEntity(k, v, f"misp-attribute--{attribute.uuid}") for k, v in pairs
        if v and (k in _NAME_KINDS or normalise(k, v) is not None)
    ]
    if not found:
        _skip(feed, source, attribute, f"{value!r} is not a valid {misp_type} value")
    return found


def _object_entities(obj: MISPObject, source: str, feed: FeedOptions) -> list[StructuredEntity]:
    """A person object's names as one Person, and every other attribute as usual."""
    found: list[StructuredEntity] = []
    attributes = list(obj.attributes)
    if obj.name == "person":
        parts = {a.object_relation: str(a.value).strip() for a in attributes}
        full = parts.get("full-name") or " ".join(
            p for p in (parts.get("first-name"), parts.get("middle-name"),
                        parts.get("last-name")) if p)
        if full:
            found.append(StructuredEntity(EntityKind.PERSON, full, f"misp-object--{obj.uuid}"))
        names = {"first-name", "middle-name", "last-name", "full-name"}
        attributes = [a for a in attributes if a.object_relation not in names]
    for attribute in attributes:
        found += _attribute_entities(attribute, source, feed)
    return found


def _marking(event: MISPEvent, tagged: list[Any], feed: FeedOptions) -> tuple[str, bool]:
    banners: list[str] = []
    for item in tagged:
        for tag in getattr(item, "tags", ()):
            name = str(tag.name).strip().lower()
            if not name.startswith("tlp:"):
                continue
            level = name.removeprefix("tlp:")
            if level not in TLP_BANNERS:
                raise RecordError("Tag", f"unknown TLP tag {tag.name!r}")
            banner = TLP_BANNERS[level]
            if banner is None:
                raise RecordError("Tag", f"{tag.name} is for its named recipients only and is "
                                  "not ingested; the originator must re-mark it first")
            banners.append(banner)
    defaulted = False
    if not banners:
        if feed.default_marking is None:
            raise RecordError("Tag", "event has no TLP tag, and no default marking was stated "
                              "for the feed (nexus ingest --default-marking); an event "
                              "without a visibility marking is never stored")
        banners.append(feed.default_marking)
        defaulted = True
    if int(getattr(event, "distribution", 1) or 0) in _ORIGINATOR_ONLY:
        banners.append("CUI//ORCON")
    try:
        return combine(*(parse_marking(b) for b in dict.fromkeys(banners))).banner(), defaulted
    except MarkingError as exc:
        raise RecordError("Tag", f"markings do not combine: {exc}") from None


def _when(event: MISPEvent) -> datetime:
    for name in ("publish_timestamp", "timestamp"):
        value = getattr(event, name, None)
        if isinstance(value, datetime):
            return value
    day = getattr(event, "date", None)
    if isinstance(day, date):
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    raise RecordError("date", "event has no date, timestamp or publish_timestamp")


def _skip(feed: FeedOptions, source: str, attribute: MISPAttribute, reason: str) -> None:
    feed.on_skip(Skipped(source, f"misp-attribute--{attribute.uuid}",
                         f"attribute:{attribute.type}", reason))
