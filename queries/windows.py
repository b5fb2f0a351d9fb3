"""A picture's time windows, cut where the area-day tallies can answer them.

A window is [since, until). Its whole UTC days are summed from the area-day tallies
(`area_day_put`); the part-days at its ends, if it does not start or end at midnight UTC,
are read from the reports themselves. A window ending at the end of a day (as the default
windows do) and starting at a midnight has no part-days: it is all tallies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["DAY", "Spans", "day_end", "spans"]

DAY = timedelta(days=1)
_DAY_S = 86400


@dataclass(frozen=True, slots=True)
class Spans:
    """Windows as query parameters: whole days (`days`) and part-days (`edges`)."""

    days: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def _midnight(day: int) -> datetime:
    return datetime.fromtimestamp(day * _DAY_S, UTC)


def spans(windows: Mapping[str, tuple[datetime, datetime]]) -> Spans:
    """The parameters of `area_activity` for named windows {name: (since, until)}: each
    window's whole days as {span, first, last} (days since 1970-01-01 UTC, last
    excluded), its part-days as {span, since, until} (ISO)."""
    days: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for name, (since, until) in windows.items():
        first = math.ceil(since.timestamp() / _DAY_S)
        last = math.floor(until.timestamp() / _DAY_S)
        if first >= last:  # no whole day inside: the window is one part-day read
            edges.append({"span": name, "since": since.isoformat(), "until": until.isoformat()})
            continue
        days.append({"span": name, "first": first, "last": last})
        if since < _midnight(first):
            edges.append({"span": name, "since": since.isoformat(), "until": _midnight(first).isoformat()})
        if _midnight(last) < until:
            edges.append({"span": name, "since": _midnight(last).isoformat(), "until": until.isoformat()})
    return Spans(days, edges)


def day_end(moment: datetime) -> datetime:
    """The midnight (UTC) that ends the day of `moment` (the latest moment there is when
    that midnight is past the calendar's end)."""
    try:
        return _midnight(math.floor(moment.timestamp() / _DAY_S) + 1)
    except (OverflowError, ValueError, OSError):
        return datetime.max.replace(tzinfo=UTC)
