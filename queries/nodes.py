"""Entities as the viewer may know them: display name, counts and roles from visible data.

An entity carries no name of its own; its display name is the surface (or, for an
identifier, the normalised value) that visible mentions use most, ties broken
alphabetically; a person's is the most used of the fullest names written (the most
words, titles and initials aside), since reports repeat a surname after the full name.
Its roles on the two sides of a nexus come from visible reports and visible watchlist
entries only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_service.domain import IDENTIFIER_KINDS, EntityKind
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import breach, check, tokens

__all__ = ["SUBJECT_KINDS", "NodeInfo", "fetch_nodes", "require_nodes"]

_IDENTIFIER_LABELS = frozenset(k.value for k in IDENTIFIER_KINDS)
SUBJECT_KINDS = frozenset(k.value for k in (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.FACILITY))
"""Kinds whose mention in a side's reporting makes an entity that side's subject."""

# A phone is shared by the people, organisations and facilities that use it, not by the
# places or other values it happens to be mentioned with.
_HOLDER_KINDS = sorted(SUBJECT_KINDS)


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """An entity that exists for the viewer.

    `subject`: a visible watchlist entry names it, or it is a person, organisation or
    facility that a visible INTEL report mentions. `anchor`: it is a person, organisation
    or facility that a visible LE report mentions. (Places and identifier values bridge
    between the two sides but are not, by being mentioned, a side's subject.) `le_ids`
    and `intel_ids` are the newest visible LE and INTEL reports mentioning it (three at
    most). `holders`, the people, organisations and facilities joined to it by a stated
    relation or a same-sentence co-mention, is known for identifier values where it was
    asked for, None otherwise.
    """

    key: str
    kind: str
    name: str
    reports: int
    le_reports: int
    intel_reports: int
    newest: str | None
    newest_le: str | None
    newest_intel: str | None
    le_ids: tuple[str, ...]
    intel_ids: tuple[str, ...]
    watched: bool
    watch_reason: str | None
    watched_at: str | None
    holders: int | None

    @property
    def subject(self) -> bool:
        """An intelligence subject: on the watchlist, or named by visible INTEL reporting."""
        return self.watched or (self.kind in SUBJECT_KINDS and self.intel_reports > 0)

    @property
    def anchor(self) -> bool:
        """Law-enforcement evidence: named by visible LE reporting."""
        return self.kind in SUBJECT_KINDS and self.le_reports > 0

    @property
    def identifier(self) -> bool:
        """Whether the entity is an identifier value (phone, e-mail, account...)."""
        return self.kind in _IDENTIFIER_LABELS


def fetch_nodes(
    store: Store,
    viewer: Viewer,
    keys: Iterable[str],
    *,
    holders_of: Iterable[str] = (),
    timeout_s: float | None = None,
) -> dict[str, NodeInfo]:
    """The entities of `keys` that exist for `viewer`, with the holders of the identifier
    values among `holders_of`."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    holder_keys = sorted(set(holders_of))
    rows = store.read(
        "node_info",
        {"keys": wanted, "holder_keys": holder_keys, "holder_kinds": _HOLDER_KINDS,
         "identifier_kinds": sorted(_IDENTIFIER_LABELS), "tokens": tokens(viewer)},
        timeout_s,
    )
    found: dict[str, NodeInfo] = {}
    for row in rows:
        check(viewer, row["vis"], "node_info")
        if row["watch_vis"] is not None:
            check(viewer, row["watch_vis"], "node_info")
        key = row["key"]
        found[key] = NodeInfo(
            key=key, kind=row["kind"], name=row["name"],
            reports=int(row["reports"]), le_reports=int(row["le"]),
            intel_reports=int(row["intel"]), newest=row["newest"], newest_le=row["newest_le"],
            newest_intel=row["newest_intel"], le_ids=tuple(row["le_ids"]),
            intel_ids=tuple(row["intel_ids"]), watched=row["watch_vis"] is not None,
            watch_reason=row["watch_reason"], watched_at=row["watched_at"],
            holders=int(row["holders"]) if row["holders"] is not None else None,
        )
    return found


def require_nodes(
    store: Store,
    viewer: Viewer,
    keys: Iterable[str],
    *,
    holders_of: Iterable[str] = (),
    timeout_s: float | None = None,
) -> dict[str, NodeInfo]:
    """Like `fetch_nodes`, for keys a query has just reached through visible evidence: one
    that does not exist for the viewer means the query walked through hidden data."""
    wanted = set(keys)
    found = fetch_nodes(store, viewer, wanted, holders_of=holders_of, timeout_s=timeout_s)
    if set(found) != wanted:
        breach(viewer, "node_info: a search reached an entity the viewer cannot see")
    return found
