"""Sending a `Call`: authentication headers, per-call timeout, retries, error mapping.

Retries: a connection that could not be made or broke (httpx's transport errors, but not
a read timeout: a slow query asked again is only slower) and the answers 502, 503 and 504
are tried again, up to `Retry.attempts` in all, waiting `backoff * 2**n` seconds (or the
`Retry-After` the service gives, if longer) with jitter. Nothing else is retried: a 4xx
would be the same answer again. Every Nexus write is idempotent (a report is keyed by its
id, a judgement or watchlist entry replaces its own), so a retried write is safe.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

import httpx

from graph_service.client._call import Call, R
from graph_service.client.errors import Timeout, TransportError, problem_error, retry_after

RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True, slots=True)
class Retry:
    """How often and how patiently a call is tried: `attempts` in all (1: no retry)."""

    attempts: int = 4
    backoff: float = 0.25
    max_wait: float = 10.0

    def wait(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before try `attempt + 1` (full jitter on exponential backoff)."""
        wait = random.uniform(0, min(self.max_wait, self.backoff * 2**attempt))
        asked = retry_after(response) if response is not None else None
        return min(self.max_wait, max(wait, asked or 0.0))


def _request(client: httpx.Client | httpx.AsyncClient, call: Call[R]) -> httpx.Request:
    """The request of `call`, with its own timeout or else the client's."""
    timeout = httpx.USE_CLIENT_DEFAULT if call.timeout is None else call.timeout
    return client.build_request(
        call.operation.method, call.url, params=call.params, json=call.json, content=call.content,
        headers=dict(call.headers), timeout=timeout,
    )


def _outcome(
    error: httpx.TransportError | None, response: httpx.Response | None, last: bool
) -> bool:
    """True to try again; raise when the call has failed for good; False when done."""
    if error is not None:
        connecting = isinstance(error, httpx.ConnectTimeout)
        if isinstance(error, httpx.TimeoutException) and (last or not connecting):
            raise Timeout(f"no answer in time: {error!r}") from error
        if last:
            raise TransportError(f"cannot reach the service: {error}") from error
        return True
    assert response is not None
    if response.status_code in RETRY_STATUSES and not last:
        return True
    if response.is_error:
        raise problem_error(response)
    return False


def send(client: httpx.Client, call: Call[R], retry: Retry) -> R:
    """Send `call`, retrying per `retry`, and read its answer."""
    for attempt in range(retry.attempts):
        last = attempt == retry.attempts - 1
        response: httpx.Response | None = None
        try:
            response = client.send(_request(client, call))
            error = None
        except httpx.TransportError as exc:
            error = exc
        if not _outcome(error, response, last):
            assert response is not None
            return call.parse(response)
        time.sleep(retry.wait(attempt, response))
    raise AssertionError("unreachable: the last attempt returns or raises")


async def send_async(client: httpx.AsyncClient, call: Call[R], retry: Retry) -> R:
    """Send `call` on the async client, retrying per `retry`, and read its answer."""
    for attempt in range(retry.attempts):
        last = attempt == retry.attempts - 1
        response: httpx.Response | None = None
        try:
            response = await client.send(_request(client, call))
            error = None
        except httpx.TransportError as exc:
            error = exc
        if not _outcome(error, response, last):
            assert response is not None
            return call.parse(response)
        await asyncio.sleep(retry.wait(attempt, response))
    raise AssertionError("unreachable: the last attempt returns or raises")
