"""The client against the session's API server, on the hand-built scenario.

The scenario and its analysts are those of the API tests (`tests/api/conftest.py`); an
auditor is added for the audit trail.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

import httpx
import pytest

from graph_service.auth import PrincipalStore, Role
from graph_service.client import Nexus
from graph_service.settings import Settings
from tests.api.conftest import Analysts, analysts, scenario_api

__all__ = [
    "ALERT_METHODS", "SLOW_MACHINE_TIMEOUT", "Recording", "analysts", "client_operations", "scenario_api",
]

SLOW_MACHINE_TIMEOUT = 120.0
"""Seconds a test call may take: the test machine runs several suites at once (the
API tests' own clients wait 60 s)."""


ALERT_METHODS = frozenset({
    "alerts", "alert", "acknowledge", "close_alert", "alert_stream", "subscribe", "subscriptions",
    "unsubscribe", "rotate_secret", "dead_letters", "replay_dead_letters",
})
"""The client methods of alerts and subscriptions (called in `test_alerts.py`, on a server
whose alerts are raised by ingest and whose webhooks may go to loopback)."""


class Recording(httpx.HTTPTransport):
    """The real transport, keeping the method and raw path of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.raw_path.decode().split("?")[0]))
        return super().handle_request(request)


def client_operations(cls: type) -> dict[tuple[str, str], list[str]]:
    """The operations the methods of a client class call, with the methods calling each."""
    found: dict[tuple[str, str], list[str]] = {}
    for name in dir(cls):
        operation = getattr(inspect.getattr_static(cls, name), "operation", None)
        if operation is not None:
            found.setdefault((operation.method, operation.path), []).append(name)
    return found


@pytest.fixture(scope="session")
def auditor_key(settings: Settings, analysts: Analysts) -> str:
    """An API key of an auditor on the session's server."""
    _, key = PrincipalStore.from_settings(settings).add("c-auditor", [Role.AUDITOR], "U")
    return key


@pytest.fixture
def as_(scenario_api: Analysts) -> Iterator[Callable[..., Nexus]]:
    """`as_(name)` opens a client as that scenario principal (closed after the test)."""
    opened: list[Nexus] = []

    def open_as(name: str, **kwargs: object) -> Nexus:
        options = {"timeout": SLOW_MACHINE_TIMEOUT, **kwargs}
        nexus = Nexus(scenario_api.url, api_key=scenario_api.keys[name], **options)  # type: ignore[arg-type]
        opened.append(nexus)
        return nexus

    yield open_as
    for nexus in opened:
        nexus.close()
