"""Noninterference through HTTP: every analyst route answers a caller byte for byte alike
on the full world, on the world without what the caller may not see, and on the world
with hidden additions (bodies, statuses, totals, cursors and 404s included).

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
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.api.pointers import POINTER_MESSAGE
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.api.conftest import Analysts
from tests.conftest import ApiServer
from tests.queries.test_noninterference import AS_OF, COMMON, SINCE, Attributes, cases, distinct, picks
from tests.queries.world import World, write

Case = tuple[World, World, Attributes]


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


def requests(pick: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    key, other = quote(pick["key"], safe=""), pick["other"]
    hubs = "true" if pick["hubs"] else "false"
    as_of = AS_OF.isoformat()
    return {
        "search": ("/v1/entities", {"q": pick["query"], "limit": 2}),
        "profile": (f"/v1/entities/{key}", {}),
        "timeline": (f"/v1/entities/{key}/timeline", {"limit": 1}),
        "neighbourhood": (f"/v1/entities/{key}/neighbourhood", {"hops": 2, "include_hubs": hubs}),
        "paths": ("/v1/paths", {"source": pick["key"], "target": other, "as_of": as_of,
                                "include_hubs": hubs, "k": pick["k"]}),
        "nexus": ("/v1/nexus", {"entity": pick["key"], "as_of": as_of, "limit": 2, "include_hubs": hubs,
                                "max_hops": pick["hops"]}),
        "nexus_report": ("/v1/nexus", {"report": pick["report"], "as_of": as_of}),
        "area": ("/v1/areas/TX/picture", {"since": SINCE.isoformat(), "until": as_of, "top": 5}),
        # Default windows end at the newest visible report (as_of: not at a moving "now").
        "area_default": ("/v1/areas/UA-HOU/picture", {"top": 3, "as_of": as_of}),
        "picture": ("/v1/picture", {"since": SINCE.isoformat(), "until": as_of}),
        "picture_default": ("/v1/picture", {"as_of": as_of}),
        "candidates": ("/v1/candidates", {}),
        "watchlist": ("/v1/watchlist", {}),
        "export": (f"/v1/exports/neighbourhood/{key}", {"format": "json"}),
    }


def without_pointers(name: str, response: httpx.Response, desk: str) -> bytes:
    """The body with its pointers set aside, once each is checked against the template."""
    if not name.startswith("nexus") or response.status_code != 200:
        return response.content
    body = response.json()
    for pointer in body.pop("pointers"):
        assert pointer == {"message": POINTER_MESSAGE, "desk": desk, "ref": pointer["ref"]}, pointer
        assert re.fullmatch(r"PTR-[0-9A-F]{16}", pointer["ref"]), pointer
    return json.dumps(body).encode()


def answers(analysts: Analysts, pick: dict[str, Any], desk: str) -> dict[str, tuple[int, bytes]]:
    """Status and body of every analyst route for `pick`, pointers set aside."""
    found = {}
    with analysts.client("me") as client:
        for name, (path, params) in requests(pick).items():
            response = client.get(path, params=params)
            found[name] = (response.status_code, without_pointers(name, response, desk))
            cursor = response.json().get("next_cursor") if response.status_code == 200 else None
            if name in {"search", "timeline", "nexus"} and cursor:
                following = client.get(path, params={**params, "cursor": cursor})
                found[f"{name}_next"] = (following.status_code, following.content)
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
