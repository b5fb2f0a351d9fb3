"""Event streams (alerts, the picture): server-sent events read into the API's models,
resumed across drops.

The service sends each event as `id: <cursor>`, `event: <name>`, `data: <model JSON>`, a
`: ping` comment as heartbeat, and may send `retry: <ms>`, the wait before reconnecting
(`graph_service/api/routes/alerts.py`, `picture.py`). A connection that drops or ends, or
a 502/503/504, is reopened with `Last-Event-ID` set to the last event handed out, so the
alert stream loses and repeats nothing (the picture stream starts again from the picture
as it is now); `Retry.attempts` failures in a row (with no connection made in between) raise
`TransportError`. Any other error answer raises its `ProblemError` at once.

Stopping: after `max_events` events, or once `timeout` seconds have passed since the
iteration began (checked as each line arrives, heartbeats included; a connection's reads
wait no longer than the time that was left when it opened), or by breaking out of the
loop or calling `close()`; each closes the connection.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import httpx
from pydantic import BaseModel

from graph_service.client._call import Operation
from graph_service.client._transport import RETRY_STATUSES, Retry
from graph_service.client.errors import TransportError, problem_error

__all__ = ["AsyncEventStream", "Event", "EventParser", "EventStream", "StreamCall"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class StreamCall(Generic[M]):
    """A stream's request: its events (`event`, read as `model`), where it starts
    (`last_event_id`) and when it stops."""

    operation: Operation
    url: str
    event: str
    model: type[M]
    last_event_id: str | None
    max_events: int | None
    timeout: float | None
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """One dispatched server-sent event."""

    id: str | None
    event: str
    data: str


@dataclass(slots=True)
class EventParser:
    """Lines of an event stream in, events out, per the WHATWG event-stream rules: fields
    accumulate until a blank line dispatches them; comments (heartbeats) and events
    without data dispatch nothing; the last id persists across events."""

    retry_ms: int | None = None
    _id: str | None = None
    _event: str = ""
    _data: list[str] = field(default_factory=list)

    def line(self, line: str) -> Event | None:
        """Read one line (without its end); the event it completes, if any."""
        if line == "":
            event = Event(self._id, self._event or "message", "\n".join(self._data)) if self._data else None
            self._event, self._data = "", []
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None


class _Session(Generic[M]):
    """What both streams share: the resume point, the stop rules, the reconnect policy."""

    def __init__(self, http: httpx.Client | httpx.AsyncClient, call: StreamCall[M], retry: Retry) -> None:
        self.call = call
        self.retry = retry
        self.last_event_id = call.last_event_id
        self.received = 0
        self.connections = 0
        self.closed = False
        self._default = http.timeout
        self._deadline: float | None = None
        self._failures = 0
        self._parser = EventParser()

    def start(self) -> None:
        if self._deadline is None and self.call.timeout is not None:
            self._deadline = time.monotonic() + self.call.timeout

    def expired(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def done(self) -> bool:
        enough = self.call.max_events is not None and self.received >= self.call.max_events
        return self.closed or enough or self.expired()

    def request(self) -> tuple[dict[str, str], httpx.Timeout]:
        """Keyword arguments of the next connection: resume header, and a read timeout
        that ends no later than the deadline."""
        self._parser = EventParser(retry_ms=self._parser.retry_ms)
        headers = {"Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        read = self._default.read
        if self._deadline is not None:
            left = max(0.001, self._deadline - time.monotonic())
            read = left if read is None else min(read, left)
        timeout = httpx.Timeout(
            connect=self._default.connect, read=read, write=self._default.write, pool=self._default.pool
        )
        return headers, timeout

    def opened(self, response: httpx.Response) -> bool:
        """True when the answer is the stream; False to reconnect; raises an error answer."""
        if response.status_code in RETRY_STATUSES:
            return False
        if response.is_error:
            raise problem_error(response)
        self.connections += 1
        self._failures = 0
        return True

    def item(self, line: str) -> M | None:
        """The model of the event a line completes, if any, counted as handed out."""
        event = self._parser.line(line)
        if event is None or event.event != self.call.event:
            return None
        self.last_event_id = event.id
        self.received += 1
        return self.call.model.model_validate_json(event.data)

    def failed(self, error: Exception | None) -> None:
        """Count a connection that failed or ended; raise once too many failed in a row."""
        self._failures += 1
        if self._failures >= self.retry.attempts and not self.done():
            raise TransportError(f"the event stream could not be resumed: {error!r}") from error

    def wait(self) -> float:
        """Seconds before reconnecting: the service's `retry`, or the backoff if longer."""
        asked = (self._parser.retry_ms or 0) / 1000
        wait = max(asked, self.retry.wait(self._failures, None))
        if self._deadline is not None:
            wait = min(wait, max(0.0, self._deadline - time.monotonic()))
        return wait


class _Stream(Generic[M]):
    """What the sync and async streams share: the session's cursor, count and stop."""

    _session: _Session[M]

    @property
    def last_event_id(self) -> str | None:
        return self._session.last_event_id

    @property
    def connections(self) -> int:
        """How many connections the stream has opened (1 + reconnections)."""
        return self._session.connections

    def close(self) -> None:
        """Stop: the iteration ends at its next line."""
        self._session.closed = True


class EventStream(_Stream[M]):
    """A sync event stream: iterate it for the models. `last_event_id` is the cursor of
    the last event handed out: give it to `alert_stream` to resume later."""

    def __init__(self, http: httpx.Client, call: StreamCall[M], retry: Retry) -> None:
        self._http = http
        self._session = _Session(http, call, retry)

    def __iter__(self) -> Iterator[M]:
        session = self._session
        session.start()
        while not session.done():
            error: Exception | None = None
            try:
                headers, timeout = session.request()
                with self._http.stream(
                    "GET", session.call.url, params=session.call.params, headers=headers, timeout=timeout
                ) as response:
                    if response.is_error:
                        response.read()
                    if session.opened(response):
                        for line in response.iter_lines():
                            item = session.item(line)
                            if item is not None:
                                yield item
                            if session.done():
                                return
            except httpx.TransportError as exc:
                error = exc
            if session.done():
                return
            session.failed(error)
            time.sleep(session.wait())

    def to_list(self) -> list[M]:
        """Every event until the stream stops (give it `max_events` or `timeout`)."""
        return list(self)


class AsyncEventStream(_Stream[M]):
    """`EventStream` for `AsyncNexus`: `async for`."""

    def __init__(self, http: httpx.AsyncClient, call: StreamCall[M], retry: Retry) -> None:
        self._http = http
        self._session = _Session(http, call, retry)

    async def __aiter__(self) -> AsyncIterator[M]:
        session = self._session
        session.start()
        while not session.done():
            error: Exception | None = None
            try:
                headers, timeout = session.request()
                async with self._http.stream(
                    "GET", session.call.url, params=session.call.params, headers=headers, timeout=timeout
                ) as response:
                    if response.is_error:
                        await response.aread()
                    if session.opened(response):
                        async for line in response.aiter_lines():
                            item = session.item(line)
                            if item is not None:
                                yield item
                            if session.done():
                                return
            except httpx.TransportError as exc:
                error = exc
            if session.done():
                return
            session.failed(error)
            await asyncio.sleep(session.wait())

    async def to_list(self) -> list[M]:
        """Every event until the stream stops (give it `max_events` or `timeout`)."""
        return [item async for item in self]
