"""Hubs: entities that must not bridge a path or a nexus unless the caller asks for them.

Two kinds. Generic places, known by name: countries, US states and territories, and the
major urban areas of the reference list; half the reports of a region name them, so a
path through one says nothing. And entities that too many visible reports mention (more
than `HUB_REPORTS`), found inside the path search itself from the entity's visible
tallies (one per label of its reports, kept by mention_put), so a hidden report never
turns an entity into a hub for a viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import rigour.territories

from graph_service.reference import AreaKind, areas
from ingest.resolve.keys import location_keys

__all__ = ["DEFAULT_HUBS", "HUB_REPORTS", "HubPolicy", "generic_location_keys"]

HUB_REPORTS = 100
"""An entity mentioned by more visible reports than this is a hub."""


@cache
def generic_location_keys() -> frozenset[str]:
    """Entity keys of generic places, normalised exactly as ingest keys a Location."""
    names: set[str] = set()
    for territory in rigour.territories.get_territories():
        if territory.is_country:
            names.update({territory.name, territory.full_name})
    states = {a.code: a for a in areas() if a.kind is not AreaKind.URBAN_AREA}
    for a in areas():
        names.add(a.name)
        if a.kind is AreaKind.URBAN_AREA:
            # "Houston", "Houston, TX" and "Houston, Texas" all name the city.
            names.update({f"{a.name}, {a.state}", f"{a.name}, {states[a.state].name}"})
        else:
            names.add(a.code)
    names.update({
        "United States", "the United States", "United States of America", "USA", "US", "U.S.",
        "U.S.A.", "the U.S.", "America",
    })
    return frozenset(key for n in names if n for key in location_keys(n))


@dataclass(frozen=True, slots=True)
class HubPolicy:
    """Which entities may bridge: hubs only when `include_hubs`."""

    include_hubs: bool = False
    hub_reports: int = HUB_REPORTS

    def is_hub(self, key: str, visible_reports: int) -> bool:
        """Whether an entity with `visible_reports` visible reports is a hub."""
        return key in generic_location_keys() or visible_reports > self.hub_reports

    def params(self) -> dict[str, Any]:
        """The `$generic`, `$hub_reports` and `$include_hubs` query parameters."""
        return {
            "generic": sorted(generic_location_keys()),
            "hub_reports": self.hub_reports,
            "include_hubs": self.include_hubs,
        }


DEFAULT_HUBS = HubPolicy()
"""Hubs excluded, at the default threshold."""
