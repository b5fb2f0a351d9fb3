"""The picture of an area over a time window, from what the viewer may see.

An area is a code of the reference list; a state's picture includes the urban areas of
that state. For the window [since, until) and the previous window of the same length it
gives: visible reports by side and agency, entities first seen in the window, the
entities whose activity changed most, the top nexus results of the window's entities, and
the number of open alerts of the area.

Reports are counted from the area-day tallies (`windows`, `area_day_put`) and the window's
entities read through the reports of its two windows alone, so a picture costs what its
windows hold, not what the area has ever had. `default_until` ends a window nobody named at
the end of the day of the newest report the viewer may see, so that a picture of old data
is never empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph_service.reference import Area, AreaKind, area, areas
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.alerts import viewer_class
from queries.evidence import parse_time
from queries.guard import tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nexus import MAX_STARTS, Nexus, Start, nexus_search
from queries.nodes import fetch_nodes
from queries.windows import day_end, spans

__all__ = [
    "Activity",
    "AreaExtent",
    "AreaPicture",
    "EntityChange",
    "area_extent",
    "area_picture",
    "area_starts",
    "assemble",
    "covered_codes",
    "default_until",
    "open_alerts",
    "read_activity",
    "reference_areas",
]

LATEST = "9999-12-31T23:59:59+00:00"
"""The `before` of a newest-report search with no `as_of`: every report counts."""

ENTITY_LIMIT = 2000
"""Most entities of one area and window read back; reaching it marks the picture truncated."""

ACTIVITY_LIMIT = 1000
"""Most (side, agency) rows of one picture."""

PICTURE_ROUTE_LIMIT = 400
"""Most routes the picture's nexus list is ranked from. The picture shows the top few
links of the window's busiest entities at a glance; a busy state's 30-day window holds
thousands of routes, and reading them all costs seconds (its nexus search, `nexus_search`
from the area, reads up to `nexus.ROUTE_LIMIT`). Reaching it marks the picture truncated."""


@dataclass(frozen=True, slots=True)
class Activity:
    """Visible reports of one side and agency in the window and the previous window."""

    side: str
    agency: str
    current: int
    previous: int


@dataclass(frozen=True, slots=True)
class EntityChange:
    """An entity's visible report counts in the window and the previous one."""

    key: str
    kind: str
    name: str
    current: int
    previous: int
    first_seen: str | None


@dataclass(frozen=True, slots=True)
class AreaPicture:
    """What happened in an area in a window, as the viewer may see it."""

    area: Area
    codes: tuple[str, ...]
    since: datetime
    until: datetime
    previous_since: datetime
    activity: tuple[Activity, ...]
    reports: int
    previous_reports: int
    new_entities: tuple[EntityChange, ...]
    changes: tuple[EntityChange, ...]
    nexus: tuple[Nexus, ...]
    nexus_total: int
    open_alerts: int
    truncated: bool

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content the picture carries (through its nexus list)."""
        return [rid for n in self.nexus for rid in n.report_ids()]


def reference_areas() -> list[Area]:
    """The reference list: states, DC, territories, then urban areas."""
    return areas()


def covered_codes(code: str) -> tuple[str, ...] | None:
    """The area codes an area's picture covers (a state and its urban areas); None if the
    code is not in the reference list."""
    try:
        chosen = area(code)
    except KeyError:
        return None
    if chosen.kind is AreaKind.URBAN_AREA:
        return (chosen.code,)
    urban = sorted(a.code for a in areas() if a.kind is AreaKind.URBAN_AREA and a.state == chosen.code)
    return (chosen.code, *urban)


def _window_params(
    viewer: Viewer, codes: Sequence[str], since: datetime, until: datetime
) -> dict[str, Any]:
    if until <= since:
        raise ValueError("until must be after since")
    previous = since - (until - since)
    return {
        "codes": list(codes), "tokens": tokens(viewer), "previous": previous.isoformat(),
        "since": since.isoformat(), "until": until.isoformat(),
    }


def _entity_rows(
    store: Store, viewer: Viewer, codes: Sequence[str], since: datetime, until: datetime,
    timeout_s: float | None,
) -> list[dict[str, Any]]:
    params = {**_window_params(viewer, codes, since, until), "limit": ENTITY_LIMIT}
    return store.read("area_entities", params, timeout_s)


def _starts(rows: Sequence[dict[str, Any]]) -> list[Start]:
    # Rows come most active first (ties by key), and the search keeps that order: when a
    # busy window's routes reach the search's limit, the quietest entities' are the ones cut.
    starts = [Start(r["key"], le=r["le"] > 0, intel=r["intel"] > 0) for r in rows if r["le"] or r["intel"]]
    return starts[:MAX_STARTS]


def area_starts(
    store: Store, viewer: Viewer, codes: Sequence[str], since: datetime, until: datetime,
    *, timeout_s: float | None = None,
) -> list[Start]:
    """Start entities of an area nexus search: those of the window's visible LE reports
    (LE role) and INTEL reports (intelligence role), busiest first, at most MAX_STARTS."""
    return _starts(_entity_rows(store, viewer, codes, since, until, timeout_s))


def default_until(
    store: Store, viewer: Viewer, codes: Sequence[str] | None, as_of: datetime | None,
    *, timeout_s: float | None = None,
) -> datetime:
    """Where a window nobody named ends: the end of the UTC day of the newest report the
    viewer may see (of `codes`, or of any area when None) reported before `as_of`, but
    not after `as_of`; `as_of` (or now) when the viewer sees no such report."""
    before = as_of.isoformat() if as_of else LATEST
    if codes is None:
        rows = store.read("picture_newest", {"tokens": tokens(viewer), "before": before}, timeout_s)
    else:
        rows = store.read(
            "area_newest", {"codes": list(codes), "tokens": tokens(viewer), "before": before}, timeout_s
        )
    newest = rows[0]["newest"] if rows else None
    if newest is None:
        return as_of or datetime.now(UTC)
    end = day_end(parse_time(newest))
    return min(end, as_of) if as_of else end


def read_activity(
    store: Store, viewer: Viewer, codes: Sequence[str],
    windows: Mapping[str, tuple[datetime, datetime]], *, by_agency: bool,
    timeout_s: float | None = None,
) -> Counter[tuple[str, str, str, str]]:
    """Visible reports of `codes` in each named window {name: (since, until)}, by (code,
    window name, side, agency); agency is "" unless `by_agency`."""
    cut = spans(windows)
    rows = store.read("area_activity", {
        "codes": list(codes), "tokens": tokens(viewer), "by_agency": by_agency,
        "days": cut.days, "edges": cut.edges,
    }, timeout_s)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for r in rows:
        counts[(r["code"], r["span"], r["side"], r["agency"])] += int(r["reports"])
    return counts


def open_alerts(
    store: Store, viewer: Viewer, codes: Sequence[str], *, timeout_s: float | None = None
) -> dict[str, int]:
    """Open alerts the viewer may see, by area code (codes without any left out)."""
    rows = store.read(
        "area_alerts", {"codes": list(codes), "class": viewer_class(viewer), "tokens": tokens(viewer)},
        timeout_s,
    )
    return {r["code"]: int(r["open"]) for r in rows}


def area_picture(
    store: Store,
    viewer: Viewer,
    code: str,
    since: datetime,
    until: datetime,
    *,
    top: int = 10,
    max_hops: int = 2,
    hubs: HubPolicy = DEFAULT_HUBS,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> AreaPicture | None:
    """The picture of area `code` in [since, until); None for a code not in the list."""
    codes = covered_codes(code)
    if codes is None:
        return None
    previous = since - (until - since)
    if until <= since:
        raise ValueError("until must be after since")
    counts = read_activity(
        store, viewer, codes, {"current": (since, until), "previous": (previous, since)},
        by_agency=True, timeout_s=timeout_s,
    )
    per_agency: dict[tuple[str, str], dict[str, int]] = {}
    for (_, span, side, agency), n in counts.items():
        per_agency.setdefault((side, agency), {"current": 0, "previous": 0})[span] += n
    activity = tuple(
        Activity(side, agency, n["current"], n["previous"])
        for (side, agency), n in sorted(per_agency.items())
    )[:ACTIVITY_LIMIT]
    rows = _entity_rows(store, viewer, codes, since, until, timeout_s)
    alerts = sum(open_alerts(store, viewer, codes, timeout_s=timeout_s).values())
    return assemble(
        store, viewer, code, codes, since, until, activity, rows, alerts, top=top,
        max_hops=max_hops, hubs=hubs, as_of=as_of, timeout_s=timeout_s,
    )


def assemble(
    store: Store, viewer: Viewer, code: str, codes: tuple[str, ...], since: datetime,
    until: datetime, activity: tuple[Activity, ...], rows: Sequence[dict[str, Any]], alerts: int,
    *, top: int, max_hops: int, hubs: HubPolicy, as_of: datetime | None, timeout_s: float | None,
) -> AreaPicture:
    """The picture from its activity, the window's entity rows (`area_entities`' columns,
    most active first) and its open alerts: new entities, changes and the nexus list are
    chosen and read here, whichever way the rows were counted."""
    new = sorted(
        (r for r in rows if r["current"] and r["first_seen"] and parse_time(r["first_seen"]) >= since),
        key=lambda r: (-r["current"], r["key"]),
    )[:top]
    changed = sorted(
        (r for r in rows if r["current"] != r["previous"]),
        key=lambda r: (-abs(r["current"] - r["previous"]), r["key"]),
    )[:top]
    nodes = fetch_nodes(store, viewer, {r["key"] for r in [*new, *changed]}, timeout_s=timeout_s)
    nexus = nexus_search(
        store, viewer, _starts(rows), max_hops=max_hops, hubs=hubs, as_of=as_of or until,
        offset=0, limit=top, skip_hub_starts=True, route_limit=PICTURE_ROUTE_LIMIT, timeout_s=timeout_s,
    )
    return AreaPicture(
        area=area(code), codes=codes, since=since, until=until,
        previous_since=since - (until - since), activity=activity,
        reports=sum(a.current for a in activity), previous_reports=sum(a.previous for a in activity),
        new_entities=tuple(_change(r, nodes[r["key"]].name) for r in new if r["key"] in nodes),
        changes=tuple(_change(r, nodes[r["key"]].name) for r in changed if r["key"] in nodes),
        nexus=nexus.items, nexus_total=nexus.total, open_alerts=alerts,
        truncated=len(rows) >= ENTITY_LIMIT or nexus.truncated,
    )


@dataclass(frozen=True, slots=True)
class AreaExtent:
    """How many visible reports an area has, and the dates of its oldest and newest."""

    reports: int
    first: datetime | None
    last: datetime | None


def area_extent(
    store: Store, viewer: Viewer, code: str, *, timeout_s: float | None = None
) -> AreaExtent | None:
    """Where the visible data of area `code` (and its urban areas) lies in time; None for
    a code not in the list."""
    codes = covered_codes(code)
    if codes is None:
        return None
    (row,) = store.read("area_extent", {"codes": list(codes), "tokens": tokens(viewer)}, timeout_s)
    return AreaExtent(
        int(row["reports"]),
        parse_time(row["first"]) if row["first"] else None,
        parse_time(row["last"]) if row["last"] else None,
    )


def _change(row: dict[str, Any], name: str) -> EntityChange:
    return EntityChange(
        row["key"], row["kind"], name, int(row["current"]), int(row["previous"]), row["first_seen"]
    )
