"""Query parameters shared by the analyst routes, and the 422 that names a bad one.

Parameters reach Cypher only as query parameters (never as text of a query), and each is
bounded here: lengths, ranges, enumerations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Query

from graph_service.api.problems import Problem

__all__ = [
    "AsOf",
    "IncludeHubs",
    "Since",
    "Until",
    "aware",
    "invalid",
]

MAX_KEY_CHARS = 500
"""Longest entity key or report id accepted."""

AsOf = Annotated[
    datetime | None,
    Query(description="Score recency as of this time (UTC if naive); default now."),
]
IncludeHubs = Annotated[
    bool,
    Query(description="Let generic places and very frequent entities bridge (off by default)."),
]
Since = Annotated[datetime | None, Query(description="Only evidence at or after this time (UTC if naive).")]
Until = Annotated[datetime | None, Query(description="Only evidence before this time (UTC if naive).")]


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
