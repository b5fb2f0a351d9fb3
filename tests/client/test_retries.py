"""Retries, timeouts and problem fields, against a loopback server that fails on purpose."""

from __future__ import annotations

import asyncio
import socket
import time

import httpx
import pytest

from graph_service.client import (
    AsyncNexus,
    BadRequest,
    Forbidden,
    Nexus,
    NotFound,
    ProblemError,
    RateLimited,
    Retry,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    ValidationFailed,
)
from tests.client.loopback import ME, Answer, loopback, problem


class Counting(httpx.HTTPTransport):
    """The real transport, counting the requests it tries to send."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return super().handle_request(request)


FAST = Retry(attempts=4, backoff=0.01, max_wait=0.05)


def client(url: str, **kwargs: object) -> Nexus:
    return Nexus(url, api_key="nxs_test", **{"retry": FAST, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_or_unavailable_answer_is_retried_until_it_succeeds(status: int) -> None:
    down = problem(status, "Service Unavailable", "the graph store is unavailable")
    with loopback(down, down, ME) as server, client(server.url) as nexus:
        assert nexus.me().name == "loopback"
    assert server.requests == ["/v1/me"] * 3


def test_retries_stop_after_the_last_attempt_with_the_last_problem() -> None:
    down = problem(503, "Service Unavailable", "the graph store is unavailable")
    with loopback(down) as server, client(server.url) as nexus, pytest.raises(ServerError) as raised:
        nexus.me()
    assert len(server.requests) == FAST.attempts
    assert (raised.value.status, raised.value.title) == (503, "Service Unavailable")
    assert raised.value.detail == "the graph store is unavailable"


def test_retry_after_of_a_503_is_waited_for() -> None:
    down = Answer(503, {"title": "Service Unavailable", "status": 503}, {"Retry-After": "0.3"})
    retry = Retry(attempts=2, backoff=0.0, max_wait=5)
    with loopback(down, ME) as server, client(server.url, retry=retry) as nexus:
        started = time.monotonic()
        nexus.me()
    assert time.monotonic() - started >= 0.3
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (problem(400, "Bad Request", "the body could not be parsed"), BadRequest),
        (problem(401, "Unauthorized", "missing or invalid credentials"), Unauthorized),
        (problem(403, "Forbidden", "not allowed"), Forbidden),
        (problem(404, "Not Found", "no such object"), NotFound),
        (problem(409, "Conflict", "already there"), ProblemError),
        (problem(422, "Invalid request", "invalid: query.limit",
                 errors=[{"field": "query.limit", "message": "Input should be less than or equal to 100"}]),
         ValidationFailed),
        (Answer(429, {"title": "Too Many Requests", "status": 429}, {"Retry-After": "7"}), RateLimited),
        (problem(500, "Internal Server Error", "boom"), ServerError),
    ],
)
def test_a_client_error_is_never_retried_and_carries_its_problem(answer: Answer, error: type) -> None:
    with loopback(answer, ME) as server, client(server.url) as nexus, pytest.raises(error) as raised:
        nexus.me()
    assert server.requests == ["/v1/me"]  # one request: a 4xx (or 500) would be the same again
    problem_error = raised.value
    assert problem_error.status == answer.status
    assert problem_error.title == answer.body["title"]
    assert problem_error.detail == answer.body.get("detail")
    assert problem_error.body == answer.body
    if isinstance(problem_error, ValidationFailed):
        assert problem_error.fields == ["query.limit"]
        assert "less than or equal to 100" in problem_error.errors[0].message
    if isinstance(problem_error, RateLimited):
        assert problem_error.retry_after == 7.0


def test_a_slow_answer_raises_timeout_and_is_not_asked_again() -> None:
    slow = Answer(200, ME.body, delay=1.0)
    with loopback(slow) as server, client(server.url, timeout=10) as nexus, pytest.raises(Timeout):
        nexus.me(timeout=0.2)
    assert server.requests == ["/v1/me"]


def test_a_closed_port_is_retried_then_raises_transport_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    transport = Counting()
    retry = Retry(attempts=3, backoff=0.01, max_wait=0.01)
    nexus = Nexus(f"http://127.0.0.1:{port}", api_key="nxs_test", retry=retry, transport=transport)
    with nexus, pytest.raises(TransportError) as raised:
        nexus.me()
    assert not isinstance(raised.value, Timeout)
    assert transport.sent == 3


def test_the_async_client_retries_the_same_way() -> None:
    async def run(url: str) -> str:
        async with AsyncNexus(url, api_key="nxs_test", retry=FAST) as nexus:
            return (await nexus.me()).name

    with loopback(problem(503, "Service Unavailable", "x"), ME) as server:
        assert asyncio.run(run(server.url)) == "loopback"
    assert len(server.requests) == 2
    with loopback(problem(404, "Not Found", "no such object"), ME) as server, pytest.raises(NotFound):
        asyncio.run(run(server.url))
    assert len(server.requests) == 1


def test_credentials_go_in_one_header() -> None:
    with pytest.raises(ValueError, match="not both"):
        Nexus("http://127.0.0.1:1", api_key="nxs_a", token="eyJ")
