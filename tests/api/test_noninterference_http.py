"""Noninterference through HTTP: every analyst route answers a caller byte for byte alike
on the full world, on the world without what the caller may not see, and on the world
with hidden additions (bodies, statuses, totals, cursors and 404s included). "Every" is
checked against the app: each GET route under /v1 it declares is exercised here or named in
`ELSEWHERE` with the test that checks it, so a new route fails until someone decides.

The query-level test (`tests/queries/test_noninterference.py`) draws hundreds of cases;
this one draws fewer, to cover what the API adds: serialisation, cursors, error bodies.

Some callers get pointers. A pointer deliberately says one thing the caller may not see —
that a link exists above them — so for them the answers must be alike once pointers are
set aside, and every pointer must be the fixed template: message, desk and a reference
that is fresh each time; nothing else in it may depend on the world.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.api.app import create_app
from graph_service.api.pointers import POINTER_MESSAGE
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.api.conftest import Analysts
from tests.conftest import ApiServer
from tests.queries.test_noninterference import (
    AS_OF,
    COMMON,
    KEYS,
    QUERIES,
    SINCE,
    Attributes,
    cases,
    distinct,
    picks,
)
from tests.queries.world import World, write

Case = tuple[World, World, Attributes]
ROOT = Path(__file__).resolve().parents[2]


class Callers:
    """One API key per set of viewer attributes (and pointer flag), made on first use."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.principals = PrincipalStore.from_settings(settings)
        self.url = url
        self.desk = settings.pointer_desk
        self.keys: dict[tuple[Attributes, bool], str] = {}

    def analysts(self, cleared: Attributes, pointers: bool = False) -> Analysts:
        if (cleared, pointers) not in self.keys:
            _, self.keys[cleared, pointers] = self.principals.add(
                f"ni-{len(self.keys)}", [Role.ANALYST], cleared.clearance.name.replace("_", " "),
                compartments=["SI"] if cleared.si else [], citizenship=[cleared.citizenship],
                authorizations=["LES"] if cleared.les else [], pointers=pointers,
            )
        return Analysts(self.url, {"me": self.keys[cleared, pointers]})


@pytest.fixture(scope="module")
def callers(settings: Settings, api: ApiServer) -> Callers:
    return Callers(settings, api.url)


# GET routes under /v1 whose noninterference another test checks, by the path template the
# app declares, with the file that does.
ELSEWHERE: dict[str, str] = {
    # The trail names every principal's requests by design: auditors only (an analyst is
    # refused there).
    "/v1/audit": "tests/security/test_audit.py",
    "/v1/audit/verify": "tests/security/test_audit.py",
    # A principal's own jobs, holding what it submitted, not the world; another's is 404.
    "/v1/jobs": "tests/jobs/test_queue_api.py",
    "/v1/jobs/{job_id}": "tests/api/test_ingest.py",
    # A stream never ends: its first events are compared there, without and with hidden data.
    "/v1/picture/stream": "tests/api/test_picture.py",
    # Alerts are raised by the evaluator as reports are ingested, not read from the worlds
    # this test writes; what a viewer is alerted to is drawn alike there.
    "/v1/alerts": "tests/alerts/test_noninterference.py",
    "/v1/alerts/{id}": "tests/alerts/test_noninterference.py",
    "/v1/alerts/stream": "tests/alerts/test_noninterference.py",
    # A principal's own subscriptions and deliveries; another's is 404.
    "/v1/subscriptions": "tests/api/test_alerts.py",
    "/v1/subscriptions/{id}/dead-letters": "tests/api/test_alerts.py",
}

Request = tuple[str, dict[str, Any]]


def requests(pick: dict[str, Any]) -> dict[str, list[Request]]:
    """The requests made for `pick`, by the path template of the route they exercise (as
    the app declares it)."""
    key, other = quote(pick["key"], safe=""), pick["other"]
    hubs = "true" if pick["hubs"] else "false"
    as_of = AS_OF.isoformat()
    paths = {"source": pick["key"], "target": other, "as_of": as_of, "include_hubs": hubs, "k": pick["k"]}
    nexus = {"entity": pick["key"], "as_of": as_of, "limit": 2, "include_hubs": hubs,
             "max_hops": pick["hops"]}
    return {
        "/v1/me": [("/v1/me", {})],
        "/v1/entities": [("/v1/entities", {"q": pick["query"], "limit": 2})],
        "/v1/entities/{key}": [(f"/v1/entities/{key}", {})],
        "/v1/entities/{key}/timeline": [(f"/v1/entities/{key}/timeline", {"limit": 1})],
        "/v1/entities/{key}/neighbourhood": [
            (f"/v1/entities/{key}/neighbourhood", {"hops": 2, "include_hubs": hubs})
        ],
        "/v1/paths": [("/v1/paths", paths)],
        "/v1/nexus": [("/v1/nexus", nexus), ("/v1/nexus", {"report": pick["report"], "as_of": as_of})],
        "/v1/areas": [("/v1/areas", {"limit": 100})],
        "/v1/areas/{code}/extent": [("/v1/areas/TX/extent", {}), ("/v1/areas/UA-HOU/extent", {})],
        "/v1/areas/{code}/picture": [
            ("/v1/areas/TX/picture", {"since": SINCE.isoformat(), "until": as_of, "top": 5}),
            # Default windows end at the newest visible report (as_of: not at a moving "now").
            ("/v1/areas/UA-HOU/picture", {"top": 3, "as_of": as_of}),
        ],
        "/v1/picture": [("/v1/picture", {"since": SINCE.isoformat(), "until": as_of}),
                        ("/v1/picture", {"as_of": as_of})],
        "/v1/candidates": [("/v1/candidates", {})],
        "/v1/watchlist": [("/v1/watchlist", {})],
        "/v1/exports/neighbourhood/{key}": [(f"/v1/exports/neighbourhood/{key}", {"format": "json"})],
        "/v1/exports/paths": [("/v1/exports/paths", {**paths, "format": "json"})],
        "/v1/exports/nexus": [("/v1/exports/nexus", {**nexus, "format": "graphml"})],
        "/v1/exports/stix/neighbourhood/{key}": [
            (f"/v1/exports/stix/neighbourhood/{key}", {"include_hubs": hubs})
        ],
        "/v1/exports/stix/paths": [("/v1/exports/stix/paths", paths)],
        "/v1/exports/stix/nexus": [("/v1/exports/stix/nexus", nexus)],
    }


def without_pointers(route: str, response: httpx.Response, desk: str) -> bytes:
    """The body with its pointers set aside, once each is checked against the template."""
    if route != "/v1/nexus" or response.status_code != 200:
        return response.content
    body = response.json()
    for pointer in body.pop("pointers"):
        assert pointer == {"message": POINTER_MESSAGE, "desk": desk, "ref": pointer["ref"]}, pointer
        assert re.fullmatch(r"PTR-[0-9A-F]{16}", pointer["ref"]), pointer
    return json.dumps(body).encode()


def answers(analysts: Analysts, pick: dict[str, Any], desk: str) -> dict[str, tuple[int, bytes]]:
    """Status and body of every request for `pick`, pointers set aside, and of the page
    after each that gives a cursor."""
    found = {}
    with analysts.client("me") as client:
        for route, made in requests(pick).items():
            for n, (path, params) in enumerate(made):
                response = client.get(path, params=params)
                found[f"{route} {n}"] = (response.status_code, without_pointers(route, response, desk))
                # Only JSON may hold a cursor (GraphML and STIX files never do).
                json_body = response.headers.get("content-type", "").startswith("application/json")
                page = response.status_code == 200 and json_body
                if page and (cursor := response.json().get("next_cursor")):
                    following = client.get(path, params={**params, "cursor": cursor})
                    found[f"{route} {n} next"] = (following.status_code, following.content)
    return found


def check(callers: Callers, store: Store, case: Case, pick: dict[str, Any], pointers: bool) -> None:
    """Every route answers alike on the full, the seen and the hidden-added world."""
    world, with_hidden, cleared = case
    analysts = callers.analysts(cleared, pointers)
    pick = distinct(pick)
    results = {}
    worlds = {"full": world, "seen": world.seen_by(cleared.viewer()), "hidden": with_hidden}
    for name, version in worlds.items():
        write(store, version)
        results[name] = answers(analysts, pick, callers.desk)
    for name in ("seen", "hidden"):
        assert results[name] == results["full"], f"differs on the {name} world"


@settings(max_examples=25, **COMMON)  # type: ignore[arg-type]
@given(case=cases(), pick=picks, pointers=st.booleans())
def test_every_route_answers_alike_whatever_the_caller_may_not_see(
    callers: Callers, empty_store: Store, case: Case, pick: dict[str, Any], pointers: bool
) -> None:
    check(callers, empty_store, case, pick, pointers)


def test_every_get_route_is_exercised_here_or_elsewhere(settings: Settings) -> None:
    schema = create_app(settings).openapi()
    routes = {path for path, ops in schema["paths"].items() if path.startswith("/v1/") and "get" in ops}
    made = requests({"key": KEYS[0], "other": KEYS[1], "hubs": False, "query": QUERIES[0], "report": "R0",
                     "k": 1, "hops": 2})
    for route, paths in made.items():
        pattern = "/".join("[^/]+" if part.startswith("{") else re.escape(part) for part in route.split("/"))
        assert all(re.fullmatch(pattern, path) for path, _ in paths), route
    assert set(made) & set(ELSEWHERE) == set()
    assert sorted(routes - set(made) - set(ELSEWHERE)) == [], "decide how each new GET route is checked"
    assert sorted((set(made) | set(ELSEWHERE)) - routes) == [], "routes the app no longer has"
    assert [f for f in ELSEWHERE.values() if not (ROOT / f).is_file()] == []
