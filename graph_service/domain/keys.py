"""Resolution keys: the `key` of the Entity node a mention resolves to.

Identifiers resolve exactly on their normalised value. Names resolve on their normalised
form only when that is strong evidence on its own: a person needs at least a given name
and a surname; a single name ("Ali", "Smith", "Al-Masri") is scoped to its report so it
never merges across reports by itself. So is a facility written as its type alone, in
lower case ("a hotel", "the substation"): it is kept with its sector, but another
report's hotel is another hotel. An identifier that failed its checksum is scoped to its
report too: it is kept, but never used to merge.

Key grammar: `<kind>:<name or value>`, then optionally `~<qualifier>` (one of several
entities that share the name: a place told apart by its area, a person told apart from
a namesake) and optionally `@<report id>` (scoped to one report).
"""

from __future__ import annotations

import hashlib
from functools import cache

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Mention
from graph_service.domain.normalize import organization_name, person_name, person_parts, place_name
from graph_service.reference import AreaKind, areas


def normal_name(kind: EntityKind, surface: str) -> str:
    """The normalised name of a named entity of `kind`."""
    if kind is EntityKind.PERSON:
        return person_name(surface)
    if kind is EntityKind.ORGANIZATION:
        return organization_name(surface)
    return place_name(surface)


@cache
def _shared_place_names() -> dict[str, tuple[str, ...]]:
    """Names that several reference areas carry ("New York": the state and the city),
    each with its area codes, urban areas first."""
    codes: dict[str, list[tuple[bool, str]]] = {}
    for area in areas():
        codes.setdefault(place_name(area.name), []).append((area.kind is not AreaKind.URBAN_AREA, area.code))
    return {name: tuple(code for _, code in sorted(found)) for name, found in codes.items() if len(found) > 1}


def place_qualifier(name: str, report_area: str | None) -> str | None:
    """The area a place name shared by several areas means in a report filed for `report_area`.

    The report's own area when it is one of them; otherwise the urban area, because a bare
    "New York" or "Washington" in reporting names the city far more often than the state.
    None when the name is not shared.
    """
    codes = _shared_place_names().get(name)
    if codes is None:
        return None
    return report_area if report_area in codes else codes[0]


def location_keys(surface: str) -> tuple[str, ...]:
    """Every key a Location written `surface` may resolve to, whatever the report's area."""
    name = place_name(surface)
    if not name:
        return ()
    prefix = EntityKind.LOCATION.value.lower()
    codes = _shared_place_names().get(name)
    return tuple(f"{prefix}:{name}~{code}" for code in codes) if codes else (f"{prefix}:{name}",)


def entity_key(mention: Mention, report_id: str, report_area: str | None = None) -> str | None:
    """The key of the entity `mention` names, or None when nothing usable remains."""
    prefix = mention.kind.value.lower()
    if mention.kind in IDENTIFIER_KINDS:
        if not mention.value:
            return None
        if not mention.valid:
            return f"{prefix}:unverified:{mention.value}@{report_id}"
        return f"{prefix}:{mention.value}"
    # An organisation the ruler knows, or an acronym the report defined, is keyed by its
    # canonical name: "Daesh", "ISIL" and "Islamic State" are one group.
    name = normal_name(mention.kind, mention.value or mention.surface)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if mention.kind is EntityKind.PERSON and not person_parts(name)[0]:
        return f"{prefix}:{name}@{report_id}"
    if mention.kind is EntityKind.FACILITY and not any(ch.isupper() for ch in mention.surface):
        # A facility named by its type alone ("a hotel", "the border crossing"): this
        # report's, for another report's hotel is another hotel.
        return f"{prefix}:{name}@{report_id}"
    if mention.kind is EntityKind.LOCATION and (area := place_qualifier(name, report_area)):
        return f"{prefix}:{name}~{area}"
    return f"{prefix}:{name}"


def key_kind(key: str) -> EntityKind | None:
    """The kind of the entity `key` names (None for a key of no kind)."""
    return _KINDS.get(key.split(":", 1)[0])


_KINDS = {kind.value.lower(): kind for kind in EntityKind}


def key_name(key: str) -> str:
    """The normalised name inside a name key (`person:ali hassan@RPT-1` → `ali hassan`)."""
    return key.split(":", 1)[1].split("@", 1)[0].split("~", 1)[0]


def base_key(key: str) -> str:
    """The key without its qualifier (`person:ali hassan~1a2b3c4d` → `person:ali hassan`)."""
    return key.split("~", 1)[0]


def namesake_key(key: str, report_id: str) -> str:
    """The key of a person who shares the name of `key` but is someone else, first named
    in `report_id`. The qualifier is a digest, so the key names no report to a viewer who
    may not see that report."""
    digest = hashlib.sha256(report_id.encode("utf-8")).hexdigest()[:10]
    return f"{base_key(key)}~{digest}"
