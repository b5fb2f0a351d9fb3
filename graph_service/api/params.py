"""Query parameters shared by the analyst routes, and the 422 that names a bad one.

Parameters reach Cypher only as query parameters (never as text of a query), and each is
bounded here: lengths, ranges, enumerations.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator

from graph_service.api.problems import Problem

__all__ = [
    "DEFAULT_WINDOW",
    "AsOf",
    "IncludeHubs",
    "Since",
    "Until",
    "area_window",
    "aware",
    "invalid",
]

DEFAULT_WINDOW = timedelta(days=30)
"""The window of an area when the request names none: the 30 days before `until`."""

MAX_KEY_CHARS = 500
"""Longest entity key or report id accepted."""

IncludeHubs = Annotated[
    bool,
    Query(description="Let generic places and very frequent entities bridge (off by default)."),
]
def _iso_only(value: object) -> object:
    """Refuse numbers: pydantic would read "0.5" as a Unix time, which no caller means."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
        raise ValueError("an ISO 8601 date-time is required")
    return value


def _in_utc(moment: datetime | None) -> datetime | None:
    """Bring an offset Neo4j cannot store (beyond ±18:00) to UTC; naive stays naive."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("the date-time is out of range") from exc


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_Moment = Annotated[datetime | None, BeforeValidator(_iso_only), AfterValidator(_in_utc)]
Since = Annotated[_Moment, Query(description="Only evidence at or after this time (UTC if naive).")]
Until = Annotated[_Moment, Query(description="Only evidence before this time (UTC if naive).")]
AsOf = Annotated[_Moment, Query(description="Score recency as of this time (UTC if naive); default now.")]


def aware(moment: datetime | None) -> datetime | None:
    """`moment` with UTC attached when it came without a zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def invalid(field: str, message: str) -> Problem:
    """A 422 problem naming the parameter `field` (`query.target`, `body.marking`...)."""
    return Problem(
        422, "Invalid request", f"invalid: {field}", errors=[{"field": field, "message": message}]
    )


def area_window(
    since: datetime | None, until: datetime | None, as_of: datetime | None
) -> tuple[datetime, datetime]:
    """An area's window: `until` defaults to `as_of` or now, `since` to DEFAULT_WINDOW
    before it. It must be non-empty, and the previous window of the same length must be
    a representable time (a 422 naming the parameter otherwise)."""
    end = aware(until) or aware(as_of) or datetime.now(UTC)
    try:
        start = aware(since) or end - DEFAULT_WINDOW
    except OverflowError:
        raise invalid("query.until", "too early for a default window") from None
    if end <= start:
        raise invalid("query.until", "must be after since")
    if start - _EARLIEST < end - start:
        raise invalid("query.since", "the previous window would start before year 1")
    return start, end


_EARLIEST = datetime.min.replace(tzinfo=UTC)
