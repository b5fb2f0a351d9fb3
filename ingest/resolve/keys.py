"""Resolution keys: the `key` of the Entity node a mention resolves to.

Identifiers resolve exactly on their normalised value. Names resolve on their normalised
form only when that is strong evidence on its own: a person needs at least a given name
and a surname; a single token ("Ali", "Smith") is scoped to its report so it never merges
across reports by itself. An identifier that failed its checksum is scoped to its report
too: it is kept, but never used to merge.
"""

from __future__ import annotations

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Mention
from ingest.resolve.normalize import organization_name, person_name, place_name


def normal_name(kind: EntityKind, surface: str) -> str:
    """The normalised name of a named entity of `kind`."""
    if kind is EntityKind.PERSON:
        return person_name(surface)
    if kind is EntityKind.ORGANIZATION:
        return organization_name(surface)
    return place_name(surface)


def entity_key(mention: Mention, report_id: str) -> str | None:
    """The key of the entity `mention` names, or None when nothing usable remains."""
    prefix = mention.kind.value.lower()
    if mention.kind in IDENTIFIER_KINDS:
        if not mention.value:
            return None
        if not mention.valid:
            return f"{prefix}:unverified:{mention.value}@{report_id}"
        return f"{prefix}:{mention.value}"
    name = normal_name(mention.kind, mention.surface)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if mention.kind is EntityKind.PERSON and len(name.split()) < 2:
        return f"{prefix}:{name}@{report_id}"
    return f"{prefix}:{name}"


def key_name(key: str) -> str:
    """The normalised name inside a name key (`person:ali hassan@RPT-1` → `ali hassan`)."""
    return key.split(":", 1)[1].split("@", 1)[0]
