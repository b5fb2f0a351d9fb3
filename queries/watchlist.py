"""The watchlist: entities of interest, each entry with a reason and its own label.

Watchlist admins add and remove entries; analysts list the entries they may see. An entry
makes its entity an intelligence subject for the nexus search, for viewers who may see
the entry. Its label comes from a marking the admin gives, and the admin must satisfy it
(nobody writes what they could not read back).

Entries are polyinstantiated: one per entity key and label. Adding replaces only the entry
under the same label, which the admin can see because they satisfy it; an entry under a
label the admin may not see stays where it is and stays hidden, so whether one exists
changes nothing the admin is told. Removing takes away the entries of a key the admin may
see, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Mention
from graph_service.domain.identifiers import normalise
from graph_service.domain.keys import entity_key
from graph_service.store import Store
from graph_service.visibility import Viewer, parse_marking
from queries.errors import QueryError
from queries.guard import check, tokens
from queries.nodes import fetch_nodes
from queries.pages import Page

__all__ = ["LabelNotHeld", "WatchEntry", "add", "entry_key", "listing", "remove"]


class LabelNotHeld(QueryError, ValueError):
    """The caller asked for a label they do not satisfy."""


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """A visible watchlist entry; `name` is the entity's display name when it exists for
    the viewer (an entry may watch for an entity no visible report names yet)."""

    key: str
    name: str | None
    reason: str
    level: int
    vis: tuple[str, ...]
    added_by: str
    added_at: str


def entry_key(kind: EntityKind, value: str) -> str:
    """The entity key of `value` as ingest would key it: normalised for identifier kinds,
    name-normalised otherwise. ValueError when nothing usable remains."""
    normalised = normalise(kind, value) if kind in IDENTIFIER_KINDS else None
    if kind in IDENTIFIER_KINDS and not normalised:
        raise ValueError(f"not a valid {kind.value} value")
    key = entity_key(Mention(kind, value, 0, len(value), 0, 1.0, value=normalised), "")
    if not key or "@" in key:
        raise ValueError(f"not a usable {kind.value} name")
    return key


def listing(
    store: Store, viewer: Viewer, *, offset: int = 0, limit: int = 50, timeout_s: float | None = None
) -> Page[WatchEntry]:
    """The visible entries, newest first, one page."""
    rows = store.read(
        "watch_list", {"tokens": tokens(viewer), "skip": offset, "limit": limit}, timeout_s
    )
    row = rows[0]
    names = fetch_nodes(store, viewer, [r["key"] for r in row["page"]], timeout_s=timeout_s)
    items = []
    for r in row["page"]:
        check(viewer, r["vis"], "watch_list")
        node = names.get(r["key"])
        items.append(_entry(r, node.name if node else None))
    return Page(tuple(items), int(row["total"]), offset)


def add(
    store: Store, viewer: Viewer, key: str, reason: str, marking: str, *, by: str, at: datetime
) -> WatchEntry:
    """Add the entry of `key` under `marking`, or replace the one already under it.

    Raises MarkingError for a marking that does not parse, LabelNotHeld for one the
    caller does not satisfy.
    """
    parsed = parse_marking(marking)
    label = list(parsed.cnf())
    if not viewer.can_see(label):
        raise LabelNotHeld("the marking is above what the caller may read")
    rows = store.write(
        "watch_put",
        {"key": key, "reason": reason, "level": int(parsed.level), "vis": label, "by": by,
         "at": at.isoformat()},
    )
    check(viewer, rows[0]["vis"], "watch_put")
    node = fetch_nodes(store, viewer, [key]).get(key)
    return _entry(rows[0], node.name if node else None)


def remove(store: Store, viewer: Viewer, key: str) -> bool:
    """Remove the entries of `key` the caller may see; False when there is none."""
    rows = store.write("watch_delete", {"key": key, "tokens": tokens(viewer)})
    return bool(rows and rows[0]["deleted"])


def _entry(row: dict[str, object], name: str | None) -> WatchEntry:
    return WatchEntry(
        key=str(row["key"]), name=name, reason=str(row["reason"]), level=int(str(row["level"])),
        vis=tuple(str(c) for c in row["vis"]),  # type: ignore[attr-defined]
        added_by=str(row["added_by"]), added_at=str(row["added_at"]),
    )
