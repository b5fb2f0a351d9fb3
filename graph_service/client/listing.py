"""Lists that follow their cursors: iterate a `Listing` and it fetches page after page.

Pages are fetched as the iteration reaches them and kept, so iterating again, asking for
`total` or converting to a DataFrame costs no second request. An iteration stops at the
list's end or at `max_items` (the cap the method was given), whichever comes first;
`capped` then says whether the cap cut it short.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, TypeVar, cast

import networkx as nx
import pandas as pd
from pydantic import BaseModel

from graph_service.api.alert_schemas import AlertPublic
from graph_service.api.schemas import NexusPage, NexusPublic, PointerPublic
from graph_service.client._call import PageLike
from graph_service.client.frames import alert_rows, nexus_hops, nexus_rows, table
from graph_service.client.graph import paths_graph

__all__ = [
    "AlertListing", "AsyncAlertListing", "AsyncListing", "AsyncNexusListing", "Listing", "NexusListing",
]

T = TypeVar("T", bound=BaseModel)


class _Pages(Generic[T]):
    """The pages fetched so far and where the list goes on."""

    def __init__(self, max_items: int | None) -> None:
        self.max_items = max_items
        self.pages: list[PageLike[T]] = []
        self.done = False

    @property
    def cursor(self) -> str | None:
        return self.pages[-1].next_cursor if self.pages else None

    def add(self, page: PageLike[T]) -> None:
        self.pages.append(page)
        self.done = page.next_cursor is None or self.full()

    def full(self) -> bool:
        """The pages hold at least `max_items` items: no further page is needed."""
        return self.max_items is not None and self.count() >= self.max_items

    def count(self) -> int:
        return sum(len(page.items) for page in self.pages)

    def page_items(self, index: int) -> list[T]:
        """The items of page `index` that fall within the cap."""
        items = list(self.pages[index].items)
        if self.max_items is None:
            return items
        before = sum(len(page.items) for page in self.pages[:index])
        return items[: max(0, self.max_items - before)]

    @property
    def total(self) -> int | None:
        return cast(int | None, getattr(self.pages[0], "total", None)) if self.pages else None

    @property
    def capped(self) -> bool:
        """Items were left out: past the cap on the pages held, or on pages not fetched."""
        if not self.done or self.max_items is None:
            return False
        return self.count() > self.max_items or (self.full() and self.pages[-1].next_cursor is not None)


class Listing(Generic[T]):
    """Every item of a list, fetched page by page as iterated, at most `max_items`."""

    def __init__(self, fetch: Callable[[str | None], PageLike[T]], max_items: int | None) -> None:
        self._fetch = fetch
        self._pages: _Pages[T] = _Pages(max_items)

    def __iter__(self) -> Iterator[T]:
        for index, _ in enumerate(self.pages()):
            yield from self._pages.page_items(index)

    def pages(self) -> Iterator[PageLike[T]]:
        """The pages of the list as the service sent them, fetched as reached."""
        index = 0
        while True:
            while index < len(self._pages.pages):
                yield self._pages.pages[index]
                index += 1
            if self._pages.done:
                return
            self._pages.add(self._fetch(self._pages.cursor))

    def first_page(self) -> PageLike[T]:
        """The first page (fetched if it was not yet)."""
        if not self._pages.pages:
            self._pages.add(self._fetch(None))
        return self._pages.pages[0]

    @property
    def total(self) -> int | None:
        """How many items the whole list holds for the caller (None for a list without
        totals, such as the audit trail)."""
        self.first_page()
        return self._pages.total

    @property
    def capped(self) -> bool:
        """True when `max_items` stopped an iteration before the end of the list."""
        return self._pages.capped

    def to_list(self) -> list[T]:
        """Every item (within the cap)."""
        return list(self)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per item, one column per field (nested fields dotted)."""
        return table(self)


class NexusListing(Listing[NexusPublic]):
    """Nexus results: ranked paths, and the pointers of the first page."""

    @property
    def pointers(self) -> list[PointerPublic]:
        """Links that exist above the caller's level (first page of an entity's search)."""
        return list(cast(NexusPage, self.first_page()).pointers)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per nexus (see `frames.nexus_rows`)."""
        return nexus_rows(self.to_list())

    def hops_dataframe(self) -> pd.DataFrame:
        """One row per hop of every nexus, with the reports and sides of its evidence."""
        return nexus_hops(self.to_list())

    def to_networkx(self) -> nx.Graph:
        """The union of the nexus paths as an undirected networkx graph (see `graph`)."""
        return paths_graph(n.path for n in self)


class AlertListing(Listing[AlertPublic]):
    """Alerts, with a table of one row per alert."""

    def to_dataframe(self) -> pd.DataFrame:
        """One row per alert (see `frames.alert_rows`)."""
        return alert_rows(self.to_list())


class AsyncListing(Generic[T]):
    """`Listing` for `AsyncNexus`: `async for`, and awaitable conversions."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[PageLike[T]]], max_items: int | None) -> None:
        self._fetch = fetch
        self._pages: _Pages[T] = _Pages(max_items)

    async def __aiter__(self) -> AsyncIterator[T]:
        index = 0
        async for _ in self.pages():
            for item in self._pages.page_items(index):
                yield item
            index += 1

    async def pages(self) -> AsyncIterator[PageLike[T]]:
        """The pages of the list as the service sent them, fetched as reached."""
        index = 0
        while True:
            while index < len(self._pages.pages):
                yield self._pages.pages[index]
                index += 1
            if self._pages.done:
                return
            self._pages.add(await self._fetch(self._pages.cursor))

    async def first_page(self) -> PageLike[T]:
        """The first page (fetched if it was not yet)."""
        if not self._pages.pages:
            self._pages.add(await self._fetch(None))
        return self._pages.pages[0]

    async def total(self) -> int | None:
        """How many items the whole list holds for the caller (None without totals)."""
        await self.first_page()
        return self._pages.total

    @property
    def capped(self) -> bool:
        """True when `max_items` stopped an iteration before the end of the list."""
        return self._pages.capped

    async def to_list(self) -> list[T]:
        """Every item (within the cap)."""
        return [item async for item in self]

    async def to_dataframe(self) -> pd.DataFrame:
        """One row per item, one column per field (nested fields dotted)."""
        return table(await self.to_list())


class AsyncNexusListing(AsyncListing[NexusPublic]):
    """`NexusListing` for `AsyncNexus`."""

    async def pointers(self) -> list[PointerPublic]:
        """Links that exist above the caller's level (first page of an entity's search)."""
        return list(cast(NexusPage, await self.first_page()).pointers)

    async def to_dataframe(self) -> pd.DataFrame:
        """One row per nexus (see `frames.nexus_rows`)."""
        return nexus_rows(await self.to_list())

    async def hops_dataframe(self) -> pd.DataFrame:
        """One row per hop of every nexus."""
        return nexus_hops(await self.to_list())

    async def to_networkx(self) -> nx.Graph:
        """The union of the nexus paths as an undirected networkx graph."""
        return paths_graph(n.path for n in await self.to_list())


class AsyncAlertListing(AsyncListing[AlertPublic]):
    """`AlertListing` for `AsyncNexus`."""

    async def to_dataframe(self) -> pd.DataFrame:
        """One row per alert (see `frames.alert_rows`)."""
        return alert_rows(await self.to_list())
