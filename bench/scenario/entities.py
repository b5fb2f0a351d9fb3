"""Entities of a scenario and the ground-truth record written for each.

Invariant: an entity's `mentions` are exactly the (report, surface) pairs the composer
inserted into report text, each pair once, in report order. Mentions are kept as
compact arrays (report index, surface index) because hub entities such as big cities
are named by a large share of a million-report corpus.
"""

from __future__ import annotations

import hashlib
from array import array
from enum import StrEnum
from typing import Any

from graph_service.domain import EntityKind

from .identifiers import Account, Email, Phone, Vehicle
from .names import OrgName, PersonName
from .places import Facility, Place

Value = PersonName | OrgName | Facility | Place | Phone | Email | Vehicle | Account


class Role(StrEnum):
    """Why an entity exists in the scenario."""

    BACKGROUND = "background"  # unrelated activity, most of the corpus
    CHAIN = "chain"  # on a planted nexus path (not its intel end)
    SUBJECT = "subject"  # an intelligence subject: the intel end of chains, watchlist entries
    DECOY = "decoy"  # the LE end of a planted decoy path
    HUB = "hub"  # generic: big cities, venues, agencies, busy business phone lines


def report_id(seed: int, index: int) -> str:
    """Stable id of the report at `index` (0-based) in a corpus generated with `seed`."""
    tag = hashlib.blake2b(f"{seed}:{index}".encode("ascii"), digest_size=3).hexdigest()
    return f"RPT-{index + 1:07d}-{tag}"


class Entity:
    """One real-world entity and every place it is mentioned."""

    __slots__ = (
        "_reports",
        "_surface_ids",
        "_surface_idx",
        "_surfaces",
        "assets",
        "attrs",
        "born_stated",
        "cluster",
        "kind",
        "local",
        "role",
        "scope",
        "value",
    )

    def __init__(
        self,
        cluster: str,
        kind: EntityKind,
        value: Value,
        role: Role,
        scope: str,
        *,
        local: bool = False,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.cluster = cluster
        self.kind = kind
        self.value = value
        self.role = role
        # Background entities stay inside one scope ("LE", "INTEL", "OPEN"), so apart from
        # planted paths only hubs connect the two halves of the corpus.
        self.scope = scope
        self.local = local  # mentioned in one report only: written out right after it
        self.attrs: dict[str, Any] = attrs or {}
        self.assets: dict[EntityKind, Entity] = {}  # identifiers this person/org uses
        self.born_stated = False  # whether some report gives this person's birth year or age
        self._surfaces: list[str] = []
        self._surface_ids: dict[str, int] = {}
        self._reports = array("I")
        self._surface_idx = array("H")

    @property
    def canonical(self) -> str:
        """Real name, or the normalised value for identifiers."""
        v = self.value
        if isinstance(v, Phone | Email | Vehicle | Account):
            return v.normalised
        return v.canonical

    @property
    def normalised(self) -> str | None:
        """Resolution key for identifier kinds; None for names."""
        v = self.value
        if isinstance(v, Phone | Email | Vehicle | Account):
            return v.normalised
        return None

    @property
    def generic(self) -> bool:
        """Whether this entity is a hub that must never bridge a nexus."""
        return self.role is Role.HUB

    @property
    def mentioned(self) -> bool:
        """Whether any report names this entity."""
        return len(self._reports) > 0

    def record(self, index: int, surface: str) -> None:
        """Note that report `index` contains `surface` (callers deduplicate per report)."""
        sid = self._surface_ids.get(surface)
        if sid is None:
            sid = len(self._surfaces)
            self._surface_ids[surface] = sid
            self._surfaces.append(surface)
        self._reports.append(index)
        self._surface_idx.append(sid)

    def mention_pairs(self) -> list[tuple[int, str]]:
        """(report index, surface) pairs in the order they were recorded."""
        return [(r, self._surfaces[s]) for r, s in zip(self._reports, self._surface_idx, strict=True)]

    def truth(self, seed: int) -> dict[str, Any]:
        """The `truth/entities.jsonl` record."""
        v = self.value
        identifiers: list[str] = []
        attributes = dict(self.attrs)
        if isinstance(v, Vehicle):
            identifiers = [v.normalised, v.vin]
            attributes["description"] = v.model_phrase
        elif isinstance(v, Phone | Email | Account):
            identifiers = [v.normalised]
            if isinstance(v, Account):
                attributes["scheme"] = v.scheme
        elif isinstance(v, Facility):
            attributes["sector"] = v.sector
            attributes["type"] = v.type
        elif isinstance(v, PersonName):
            attributes["born_stated"] = self.born_stated
        return {
            "cluster": self.cluster,
            "kind": self.kind.value,
            "canonical": self.canonical,
            "normalised": self.normalised,
            "identifiers": identifiers,
            "role": self.role.value,
            "generic": self.generic,
            "attributes": attributes,
            "mentions": [
                {"report": report_id(seed, r), "surface": s} for r, s in self.mention_pairs()
            ],
        }
