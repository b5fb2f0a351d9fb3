"""The national picture: every area at once for a window, as the viewer may see it.

For the window [since, until) and the previous window of the same length, each area of the
reference list gets its visible reports by side in both, its open alerts, and its new
nexus links: the people, organisations and facilities that the window put on both sides
for the viewer (named by LE and by INTEL reporting it may see, the later side for the
first time in the window), counted against the area of the report that completed the
link. Areas are ranked by how much their activity changed. A state's figures include its
urban areas, as its area picture's do; the national totals count each report once.

Everything is read from tallies: reports from the area-day tallies (`area_activity`),
links from the entity tallies' oldest mention per side (`picture_links`), so one request
costs the window's days and the entities new to a side, not the graph: cheap enough to
recompute every few seconds for a live stream. `area_summary` is one area's line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from graph_service.domain import Side
from graph_service.reference import Area, area, areas
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.areas import covered_codes, open_alerts, read_activity
from queries.guard import tokens
from queries.nodes import SUBJECT_KINDS

__all__ = [
    "AreaSummary", "NationalPicture", "area_summary", "national_picture", "reference_codes", "summarise",
]

SIDES = tuple(s.value for s in Side)
LINK_AREA_LIMIT = 10_000
"""Most area codes the new-link counts are read for (the reference list has about 110)."""


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """One area's line of the national picture."""

    area: Area
    current: dict[str, int]
    previous: dict[str, int]
    new_links: int
    open_alerts: int

    @property
    def reports(self) -> int:
        """Visible reports in the window."""
        return sum(self.current.values())

    @property
    def change(self) -> int:
        """Visible reports in the window less those in the previous one."""
        return self.reports - sum(self.previous.values())


@dataclass(frozen=True, slots=True)
class NationalPicture:
    """Every area in a window, most changed first, and the national totals."""

    since: datetime
    until: datetime
    previous_since: datetime
    current: dict[str, int]
    previous: dict[str, int]
    new_links: int
    open_alerts: int
    areas: tuple[AreaSummary, ...]


def reference_codes() -> tuple[str, ...]:
    """Every code of the reference list."""
    return tuple(a.code for a in areas())


def national_picture(
    store: Store, viewer: Viewer, since: datetime, until: datetime,
    *, timeout_s: float | None = None,
) -> NationalPicture:
    """The national picture of [since, until)."""
    if until <= since:
        raise ValueError("until must be after since")
    previous = since - (until - since)
    codes = reference_codes()
    counts = read_activity(
        store, viewer, codes, {"current": (since, until), "previous": (previous, since)},
        by_agency=False, timeout_s=timeout_s,
    )
    by_code: dict[str, Counter[tuple[str, str]]] = {}
    for (code, span, side, _), n in counts.items():
        by_code.setdefault(code, Counter())[(span, side)] += n
    alerts = open_alerts(store, viewer, codes, timeout_s=timeout_s)
    new_links = _links(store, viewer, since, until, timeout_s)
    return summarise(since, until, by_code, new_links, alerts)


def area_summary(
    store: Store, viewer: Viewer, code: str, since: datetime, until: datetime,
    *, timeout_s: float | None = None,
) -> AreaSummary | None:
    """One area's line of the national picture (None for a code not in the list)."""
    codes = covered_codes(code)
    if codes is None:
        return None
    if until <= since:
        raise ValueError("until must be after since")
    counts = read_activity(
        store, viewer, codes, {"current": (since, until), "previous": (since - (until - since), since)},
        by_agency=False, timeout_s=timeout_s,
    )
    window: Counter[tuple[str, str]] = Counter()
    for (_, span, side, _), n in counts.items():
        window[(span, side)] += n
    new_links = _links(store, viewer, since, until, timeout_s)
    alerts = open_alerts(store, viewer, codes, timeout_s=timeout_s)
    return AreaSummary(
        area=area(code), current=_by_side(window, "current"), previous=_by_side(window, "previous"),
        new_links=sum(new_links.get(c, 0) for c in codes), open_alerts=sum(alerts.values()),
    )


def _links(
    store: Store, viewer: Viewer, since: datetime, until: datetime, timeout_s: float | None
) -> dict[str, int]:
    rows = store.read("picture_links", {
        "tokens": tokens(viewer), "since": since.isoformat(), "until": until.isoformat(),
        "kinds": sorted(SUBJECT_KINDS), "limit": LINK_AREA_LIMIT,
    }, timeout_s)
    return {r["area"]: int(r["links"]) for r in rows}


def summarise(
    since: datetime, until: datetime, by_code: dict[str, Counter[tuple[str, str]]],
    new_links: dict[str, int], alerts: dict[str, int],
) -> NationalPicture:
    """The national picture from per-code counts: {code: {(window, side): reports}}, new
    links and open alerts by code (however they were counted)."""
    lines = []
    for a in areas():
        covered: Sequence[str] = covered_codes(a.code) or (a.code,)
        window: Counter[tuple[str, str]] = Counter()
        for code in covered:
            window.update(by_code.get(code, Counter()))
        lines.append(AreaSummary(
            area=a, current=_by_side(window, "current"), previous=_by_side(window, "previous"),
            new_links=sum(new_links.get(c, 0) for c in covered),
            open_alerts=sum(alerts.get(c, 0) for c in covered),
        ))
    lines.sort(key=lambda s: (-abs(s.change), -s.reports, s.area.code))
    whole: Counter[tuple[str, str]] = Counter()
    codes = reference_codes()
    for code in codes:
        whole.update(by_code.get(code, Counter()))
    return NationalPicture(
        since=since, until=until, previous_since=since - (until - since),
        current=_by_side(whole, "current"), previous=_by_side(whole, "previous"),
        new_links=sum(new_links.get(c, 0) for c in codes),
        open_alerts=sum(alerts.get(c, 0) for c in codes), areas=tuple(lines),
    )


def _by_side(counts: Counter[tuple[str, str]], window: str) -> dict[str, int]:
    return {side: counts[(window, side)] for side in SIDES}
