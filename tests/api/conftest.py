"""Analysts of every clearance on the session's API server, and the hand-built scenario.

The principals are the analysts of `tests/queries/scenario.py` (same clearances), created
the way an operator does, through the server's principals file. A module that asks for
`scenario_api` gets the server with exactly the scenario in the store.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.conftest import ApiServer
from tests.queries import scenario
from tests.queries.world import write


@dataclass
class Analysts:
    """API keys by role name; `client(name)` talks to the server as that principal."""

    url: str
    keys: dict[str, str]

    def client(self, name: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.keys[name]}"}, timeout=60
        )


def assert_same_404(hidden: httpx.Response, missing: httpx.Response) -> None:
    """Both are the one 404: same status, headers and body but for the echoed path."""
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(hidden.request.url.path.encode(), b"") == missing.content.replace(
        missing.request.url.path.encode(), b""
    )
    assert hidden.headers["content-type"] == missing.headers["content-type"]


@pytest.fixture(scope="session")
def analysts(settings: Settings, api: ApiServer) -> Analysts:
    """les, secret, both, public, top (analysts), admin, les_admin, confidential_admin
    (watchlist admins), feed (ingest)."""
    principals = PrincipalStore.from_settings(settings)
    made = {
        "les": principals.add("q-les", [Role.ANALYST], "U", citizenship=["USA"], authorizations=["LES"]),
        "secret": principals.add("q-secret", [Role.ANALYST], "S", citizenship=["USA"]),
        "both": principals.add("q-both", [Role.ANALYST], "S", citizenship=["USA"], authorizations=["LES"]),
        "public": principals.add("q-public", [Role.ANALYST], "U", citizenship=["USA"]),
        "top": principals.add(
            "q-top", [Role.ANALYST], "TS", compartments=["SI"], citizenship=["USA"], authorizations=["LES"]
        ),
        "admin": principals.add(
            "q-watch-admin", [Role.WATCHLIST_ADMIN], "S", citizenship=["USA"], authorizations=["LES"]
        ),
        "les_admin": principals.add(
            "q-les-watch-admin", [Role.WATCHLIST_ADMIN], "U", citizenship=["USA"], authorizations=["LES"]
        ),
        "confidential_admin": principals.add(
            "q-c-watch-admin", [Role.WATCHLIST_ADMIN], "C", citizenship=["USA"]
        ),
        "feed": principals.add("q-feed", [Role.INGEST], "TS", citizenship=["USA"]),
    }
    return Analysts(api.url, {name: key for name, (_, key) in made.items()})


@pytest.fixture(scope="module")
def scenario_api(store: Store, analysts: Analysts) -> Analysts:
    """The analysts, with the store holding exactly the scenario."""
    write(store, scenario.WORLD)
    return analysts
