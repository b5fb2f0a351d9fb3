"""One page of a ranked list, and the window arithmetic shared by every paginated query.

A list is ranked completely (by the database or in Python) before it is cut, so a page is
a slice of one deterministic order and the total is the length of that order: the pages
of a list add up to its total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Page", "slice_page"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Items `offset`..`offset + len(items)` of a list of `total` items. `truncated` says
    that the list itself was cut at a search budget (its total counts what was kept)."""

    items: tuple[T, ...]
    total: int
    offset: int
    truncated: bool = False

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or None after the last one."""
        end = self.offset + len(self.items)
        return end if end < self.total else None


def slice_page(ranked: Sequence[T], offset: int, limit: int) -> Page[T]:
    """The page of `ranked` (already in its final order) starting at `offset`."""
    if offset < 0 or limit < 1:
        raise ValueError("offset must be >= 0 and limit >= 1")
    return Page(tuple(ranked[offset : offset + limit]), len(ranked), offset)
