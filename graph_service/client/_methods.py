"""Client methods made from request builders, typed with the builder's own signature.

`endpoint(build)` on a class body gives a method with `build`'s parameters that sends the
call and returns the answer; `listing(build)` one that returns a `Listing` following the
list's cursors. The async variants do the same for `AsyncNexus`. Each keeps the builder's
`operation`, which the OpenAPI coverage test reads.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

from pydantic import BaseModel

from graph_service.api.alert_schemas import AlertPublic
from graph_service.api.schemas import NexusPublic
from graph_service.client._call import Call, ListCall, PageLike, R
from graph_service.client.listing import (
    AlertListing,
    AsyncAlertListing,
    AsyncListing,
    AsyncNexusListing,
    Listing,
    NexusListing,
)
from graph_service.client.stream import AsyncEventStream, EventStream, StreamCall

P = ParamSpec("P")
T = TypeVar("T", bound=Any)
M = TypeVar("M", bound=BaseModel)


class Sender(Protocol):
    """A client that can send a call."""

    def _send(self, call: Call[R]) -> R: ...


class AsyncSender(Protocol):
    """An async client that can send a call."""

    async def _send(self, call: Call[R]) -> R: ...


class _Method(Generic[P, R]):
    """A method of a client class made from a builder (see the module docstring)."""

    def __init__(self, build: Callable[P, Any], make: Callable[[Any, Any], R]) -> None:
        self.build = build
        self.operation = build.operation  # type: ignore[attr-defined]
        self.__doc__ = build.__doc__
        self._make = make

    def __get__(self, client: Any, owner: type | None = None) -> Callable[P, R]:
        def method(*args: P.args, **kwargs: P.kwargs) -> R:
            return self._make(client, self.build(*args, **kwargs))

        return functools.update_wrapper(method, self.build)


def endpoint(build: Callable[P, Call[R]]) -> _Method[P, R]:
    """A sync method sending `build`'s call and returning its answer."""
    return _Method(build, lambda client, call: client._send(call))


def listing(build: Callable[P, ListCall[T]]) -> _Method[P, Listing[T]]:
    """A sync method returning the `Listing` of `build`'s list."""
    def make(client: Sender, list_call: ListCall[T]) -> Listing[T]:
        def fetch(cursor: str | None) -> PageLike[T]:
            return client._send(list_call.first.with_cursor(cursor))

        return Listing(fetch, list_call.max_items)

    return _Method(build, make)


def nexus_listing(build: Callable[P, ListCall[NexusPublic]]) -> _Method[P, NexusListing]:
    """A sync method returning the `NexusListing` of `build`'s list."""
    def make(client: Sender, list_call: ListCall[NexusPublic]) -> NexusListing:
        def fetch(cursor: str | None) -> PageLike[NexusPublic]:
            return client._send(list_call.first.with_cursor(cursor))

        return NexusListing(fetch, list_call.max_items)

    return _Method(build, make)


def alert_listing(build: Callable[P, ListCall[AlertPublic]]) -> _Method[P, AlertListing]:
    """A sync method returning the `AlertListing` of `build`'s list."""
    def make(client: Sender, list_call: ListCall[AlertPublic]) -> AlertListing:
        def fetch(cursor: str | None) -> PageLike[AlertPublic]:
            return client._send(list_call.first.with_cursor(cursor))

        return AlertListing(fetch, list_call.max_items)

    return _Method(build, make)


def streaming(build: Callable[P, StreamCall[M]]) -> _Method[P, EventStream[M]]:
    """A sync method returning the `EventStream` of `build`'s stream (opened when iterated)."""
    return _Method(build, lambda client, call: EventStream(client._http, call, client.retry))


def async_endpoint(build: Callable[P, Call[R]]) -> _Method[P, Awaitable[R]]:
    """An async method sending `build`'s call and returning its answer."""
    return _Method(build, lambda client, call: client._send(call))


def async_listing(build: Callable[P, ListCall[T]]) -> _Method[P, AsyncListing[T]]:
    """An async-client method returning the `AsyncListing` of `build`'s list."""
    def make(client: AsyncSender, list_call: ListCall[T]) -> AsyncListing[T]:
        async def fetch(cursor: str | None) -> PageLike[T]:
            return await client._send(list_call.first.with_cursor(cursor))

        return AsyncListing(fetch, list_call.max_items)

    return _Method(build, make)


def async_nexus_listing(
    build: Callable[P, ListCall[NexusPublic]],
) -> _Method[P, AsyncNexusListing]:
    """An async-client method returning the `AsyncNexusListing` of `build`'s list."""
    def make(client: AsyncSender, list_call: ListCall[NexusPublic]) -> AsyncNexusListing:
        async def fetch(cursor: str | None) -> PageLike[NexusPublic]:
            return await client._send(list_call.first.with_cursor(cursor))

        return AsyncNexusListing(fetch, list_call.max_items)

    return _Method(build, make)


def async_alert_listing(
    build: Callable[P, ListCall[AlertPublic]],
) -> _Method[P, AsyncAlertListing]:
    """An async-client method returning the `AsyncAlertListing` of `build`'s list."""
    def make(client: AsyncSender, list_call: ListCall[AlertPublic]) -> AsyncAlertListing:
        async def fetch(cursor: str | None) -> PageLike[AlertPublic]:
            return await client._send(list_call.first.with_cursor(cursor))

        return AsyncAlertListing(fetch, list_call.max_items)

    return _Method(build, make)


def async_streaming(build: Callable[P, StreamCall[M]]) -> _Method[P, AsyncEventStream[M]]:
    """An async-client method returning the `AsyncEventStream` of `build`'s stream."""
    return _Method(build, lambda client, call: AsyncEventStream(client._http, call, client.retry))


def uses(operation: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Tag a hand-written method with the operation it calls (for the coverage test)."""
    def tag(method: Callable[P, R]) -> Callable[P, R]:
        method.operation = operation  # type: ignore[attr-defined]
        return method

    return tag
