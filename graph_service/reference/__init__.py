"""Reference data shared across Nexus: areas and contributing agencies.

The lists live as JSON next to this module (`areas.json`, `agencies.json`) so that
ingest, the API and the benchmark read the same codes. Loading validates every row
once per process; the loaders return fresh lists so callers cannot corrupt the cache.

- An area is a state, the District of Columbia, a territory, or an urban area. Urban
  area codes look like `UA-HOU` and name their primary state; state-like areas are
  their own `state`. `area_codes` are the NANP telephone area codes in use there.
- An agency is a contributing partner. `sides` says which half of the operations
  center its reports feed; an empty `areas` means it reports nationwide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from graph_service.domain import Side

__all__ = ["Agency", "AgencyTier", "Area", "AreaKind", "agencies", "area", "areas"]


class AreaKind(StrEnum):
    """What kind of place an area code names."""

    STATE = "state"
    DISTRICT = "district"
    TERRITORY = "territory"
    URBAN_AREA = "urban_area"


class AgencyTier(StrEnum):
    """Which level of government (or industry) an agency belongs to."""

    FEDERAL = "federal"
    STATE = "state"
    LOCAL = "local"
    TRIBAL = "tribal"
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class Area:
    """A state, district, territory or urban area that reports are filed against."""

    code: str
    name: str
    kind: AreaKind
    state: str
    area_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Agency:
    """A contributing partner; `name` is the display name that reports carry."""

    name: str
    full_name: str
    tier: AgencyTier
    sides: tuple[Side, ...]
    areas: tuple[str, ...]


def areas() -> list[Area]:
    """All areas: 50 states, DC, five territories, then the urban areas."""
    return list(_areas())


def area(code: str) -> Area:
    """The area with this code; KeyError if there is none."""
    return _areas_by_code()[code]


def agencies() -> list[Agency]:
    """All contributing agencies, federal first."""
    return list(_agencies())


def _load(name: str) -> list[dict[str, Any]]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(text)
    return rows


@cache
def _areas() -> tuple[Area, ...]:
    loaded = tuple(
        Area(
            code=row["code"],
            name=row["name"],
            kind=AreaKind(row["kind"]),
            state=row["state"],
            area_codes=tuple(row["area_codes"]),
        )
        for row in _load("areas.json")
    )
    states = {a.code for a in loaded if a.kind is not AreaKind.URBAN_AREA}
    for a in loaded:
        if a.state not in states:
            raise ValueError(f"area {a.code!r} names unknown state {a.state!r}")
    return loaded


@cache
def _areas_by_code() -> dict[str, Area]:
    return {a.code: a for a in _areas()}


@cache
def _agencies() -> tuple[Agency, ...]:
    codes = _areas_by_code()
    loaded = tuple(
        Agency(
            name=row["name"],
            full_name=row["full_name"],
            tier=AgencyTier(row["tier"]),
            sides=tuple(Side(s) for s in row["sides"]),
            areas=tuple(row["areas"]),
        )
        for row in _load("agencies.json")
    )
    for agency in loaded:
        unknown = [c for c in agency.areas if c not in codes]
        if unknown:
            raise ValueError(f"agency {agency.name!r} names unknown areas {unknown}")
    return loaded
