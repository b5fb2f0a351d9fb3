"""Hubs: entities that must not bridge a path or a nexus unless the caller asks for them.

Three kinds. Generic places, known by name: countries, US states and territories, and the
major urban areas of the reference list; half the reports of a region name them, so a
path through one says nothing. Service lines, known by their number (toll-free,
premium-rate: `identifiers.service_line_key`): a route from one is never searched, and
`paths.score_routes` drops every route through one. And entities that too many visible
reports mention (more than `HUB_REPORTS`; more than `HUB_PLACE_REPORTS` for a place, a
busy venue or port of entry), counted from the entity's visible tallies (one per label of its
reports, kept by mention_put), so a hidden report never turns an entity into a hub for a
viewer. Only `:Busy` entities (mentioned more than that many times in all, labelled by
mention_put) can be one, so a request finds its viewer's hubs among those once
(`viewer_hubs`) and the route searches test a key against that list, instead of counting
tallies at every step of the search.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import rigour.territories

from graph_service.domain import HUB_PLACE_REPORTS, HUB_REPORTS, PLACE_KINDS, hub_reports
from graph_service.domain.identifiers import service_line_key
from graph_service.domain.keys import key_kind, location_keys
from graph_service.reference import AreaKind, areas
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import tokens

__all__ = ["DEFAULT_HUBS", "HUB_LIMIT", "HUB_REPORTS", "HubPolicy", "generic_location_keys"]

HUB_LIMIT = 10_000
"""Most count hubs one viewer_hubs read returns (a 100,000-report graph has about 330
busy entities in all)."""


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

    def is_hub(self, key: str, visible_reports: int) -> bool:
        """Whether an entity with `visible_reports` visible reports is a hub."""
        return (key in generic_location_keys() or service_line_key(key)
                or visible_reports > hub_reports(key_kind(key)))

    def params(self, store: Store, viewer: Viewer, timeout_s: float | None = None) -> dict[str, Any]:
        """The `$hubs` query parameter: the keys that may not bridge for `viewer`, generic
        places and the entities more visible reports mention than their kind allows (none when
        hubs are included)."""
        if self.include_hubs:
            return {"hubs": []}
        (row,) = store.read(
            "viewer_hubs",
            {"tokens": tokens(viewer), "hub_reports": HUB_REPORTS, "place_reports": HUB_PLACE_REPORTS,
             "place_kinds": sorted(PLACE_KINDS), "limit": HUB_LIMIT},
            timeout_s,
        )
        return {"hubs": sorted(generic_location_keys() | set(row["keys"]))}


DEFAULT_HUBS = HubPolicy()
"""Hubs excluded."""
