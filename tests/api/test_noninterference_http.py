"""Noninterference through HTTP: every analyst route answers a caller byte for byte alike
on the full world, on the world without what the caller may not see, and on the world
with hidden additions (bodies, statuses, totals, cursors and 404s included).

The query-level test (`tests/queries/test_noninterference.py`) draws hundreds of cases;
this one draws fewer, to cover what the API adds: serialisation, cursors, error bodies.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings

from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.api.conftest import Analysts
from tests.conftest import ApiServer
from tests.queries.test_noninterference import AS_OF, COMMON, SINCE, Attributes, cases, distinct, picks
from tests.queries.world import World, write

Case = tuple[World, World, Attributes]


class Callers:
    """One API key per set of viewer attributes, made on first use."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.principals = PrincipalStore.from_settings(settings)
        self.url = url
        self.keys: dict[Attributes, str] = {}

    def analysts(self, cleared: Attributes) -> Analysts:
        if cleared not in self.keys:
            _, self.keys[cleared] = self.principals.add(
                f"ni-{len(self.keys)}", [Role.ANALYST], cleared.clearance.name.replace("_", " "),
                compartments=["SI"] if cleared.si else [], citizenship=[cleared.citizenship],
                authorizations=["LES"] if cleared.les else [],
            )
        return Analysts(self.url, {"me": self.keys[cleared]})


@pytest.fixture(scope="module")
def callers(settings: Settings, api: ApiServer) -> Callers:
    return Callers(settings, api.url)


def requests(pick: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    key, other = quote(pick["key"], safe=""), pick["other"]
    hubs = "true" if pick["hubs"] else "false"
    as_of = AS_OF.isoformat()
    return {
        "search": ("/v1/entities", {"q": pick["query"], "limit": 2}),
        "profile": (f"/v1/entities/{key}", {}),
        "timeline": (f"/v1/entities/{key}/timeline", {"limit": 2}),
        "neighbourhood": (f"/v1/entities/{key}/neighbourhood", {"hops": 2, "include_hubs": hubs}),
        "paths": ("/v1/paths", {"source": pick["key"], "target": other, "as_of": as_of,
                                "include_hubs": hubs, "k": pick["k"]}),
        "nexus": ("/v1/nexus", {"entity": pick["key"], "as_of": as_of, "limit": 2, "include_hubs": hubs,
                                "max_hops": pick["hops"]}),
        "nexus_report": ("/v1/nexus", {"report": pick["report"], "as_of": as_of}),
        "area": ("/v1/areas/TX/picture", {"since": SINCE.isoformat(), "until": as_of, "top": 5}),
        "candidates": ("/v1/candidates", {}),
        "watchlist": ("/v1/watchlist", {}),
        "export": (f"/v1/exports/neighbourhood/{key}", {"format": "json"}),
    }


def answers(analysts: Analysts, pick: dict[str, Any]) -> dict[str, tuple[int, bytes]]:
    found = {}
    with analysts.client("me") as client:
        for name, (path, params) in requests(pick).items():
            response = client.get(path, params=params)
            found[name] = (response.status_code, response.content)
            cursor = response.json().get("next_cursor") if response.status_code == 200 else None
            if name in {"search", "timeline", "nexus"} and cursor:
                following = client.get(path, params={**params, "cursor": cursor})
                found[f"{name}_next"] = (following.status_code, following.content)
    return found


@settings(max_examples=25, **COMMON)  # type: ignore[arg-type]
@given(case=cases(), pick=picks)
def test_every_route_answers_alike_whatever_the_caller_may_not_see(
    callers: Callers, empty_store: Store, case: Case, pick: dict[str, Any]
) -> None:
    world, with_hidden, cleared = case
    analysts = callers.analysts(cleared)
    pick = distinct(pick)
    results = {}
    worlds = {"full": world, "seen": world.seen_by(cleared.viewer()), "hidden": with_hidden}
    for name, version in worlds.items():
        write(empty_store, version)
        results[name] = answers(analysts, pick)
    for name in ("seen", "hidden"):
        assert results[name] == results["full"], f"differs on the {name} world"
