"""Nexus search over HTTP: the planted shared-phone nexus, the city decoy, the worked
example, report and area starts, pagination, limits and the query timeout."""

from __future__ import annotations

import random
from collections.abc import Iterator

import httpx
import pytest

from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from ingest.writer import BUSY
from tests.api.conftest import Analysts, assert_same_404
from tests.conftest import ApiServer, api_env
from tests.queries import scenario as sc

AS_OF = {"as_of": sc.AS_OF}


def routes(body: dict[str, object]) -> list[list[str]]:
    return [[n["key"] for n in item["path"]["nodes"]] for item in body["items"]]  # type: ignore[attr-defined,index]


def test_the_planted_phone_nexus_ranks_first_and_the_city_decoy_does_not(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        plain = both.get("/v1/nexus", params={"entity": sc.D, **AS_OF}).json()
        wide = both.get("/v1/nexus", params={"entity": sc.D, "include_hubs": "true", **AS_OF}).json()
    assert routes(plain)[0] == [sc.D, sc.Q, sc.T]
    assert all(sc.H not in r for r in routes(plain))
    assert routes(wide)[0] == [sc.D, sc.Q, sc.T]
    assert [sc.D, sc.H, sc.T] in routes(wide)
    top = plain["items"][0]
    assert top["direction"] == "le_to_intel"
    assert top["other_reports"] == ["E", "L"]
    assert all(h["evidence"]["comentions"][0]["snippet"] for h in top["path"]["hops"])


def test_worked_example_nexus_only_for_the_analyst_holding_both(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        assert [sc.Y, sc.P, sc.X] in routes(both.get("/v1/nexus", params={"entity": sc.Y, **AS_OF}).json())
    with scenario_api.client("les") as les:
        assert les.get("/v1/nexus", params={"entity": sc.Y, **AS_OF}).json()["items"] == []
    with scenario_api.client("secret") as secret:
        assert secret.get("/v1/nexus", params={"entity": sc.X, **AS_OF}).json()["items"] == []


def test_report_and_area_starts(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        report = both.get("/v1/nexus", params={"report": "C", **AS_OF}).json()
        area = both.get(
            "/v1/nexus",
            params={"area": "TX", "since": "2025-04-01T00:00:00Z", "until": "2025-07-01T00:00:00Z"},
        ).json()
    assert [sc.D, sc.Q, sc.T] in routes(report)
    assert [sc.D, sc.Q, sc.T] in routes(area)
    assert all(item["start"] != sc.H for item in report["items"] + area["items"])


def test_an_area_without_a_window_searches_the_month_up_to_its_newest_report(
    scenario_api: Analysts,
) -> None:
    # The scenario's reports are from 2025: a window ending now would hold none of them.
    with scenario_api.client("both") as both:
        area = both.get("/v1/nexus", params={"area": "TX"}).json()
        replay = both.get("/v1/nexus", params={"area": "TX", "as_of": "2025-01-01T00:00:00Z"}).json()
    assert [sc.D, sc.Q, sc.T] in routes(area)
    assert replay["items"] == []  # nothing was reported before then


def test_pages_add_up_to_the_total(scenario_api: Analysts) -> None:
    with scenario_api.client("top") as top:
        whole = top.get("/v1/nexus", params={"entity": sc.D, "limit": 100, **AS_OF}).json()
        seen = []
        params: dict[str, str | int] = {"entity": sc.D, "limit": 2, **AS_OF}
        while True:
            page = top.get("/v1/nexus", params=params).json()
            assert page["total"] == whole["total"]
            seen += routes(page)
            if page["next_cursor"] is None:
                break
            params = {**params, "cursor": page["next_cursor"]}
        changed = top.get("/v1/nexus", params={**params, "include_hubs": "true"})
    assert seen == routes(whole)
    assert len(seen) == whole["total"] > 2
    assert changed.status_code == 422  # a cursor of another list


def test_hidden_and_missing_starts_get_the_same_404(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        assert_same_404(
            les.get("/v1/nexus", params={"entity": sc.X}),
            les.get("/v1/nexus", params={"entity": "person:nobody"}),
        )
        hidden = les.get("/v1/nexus", params={"report": "A"})
        missing = les.get("/v1/nexus", params={"report": "NO-SUCH"})
        assert_same_404(hidden, missing)
        assert_same_404(
            les.get("/v1/nexus", params={"area": "XX"}), les.get("/v1/nexus", params={"area": "YY"})
        )


def test_exactly_one_start_and_bounded_parameters(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        for params, field in (
            ({}, "query.entity"), ({"entity": sc.D, "report": "C"}, "query.entity"),
            ({"entity": sc.D, "max_hops": 4}, "query.max_hops"),
            ({"entity": sc.D, "limit": 0}, "query.limit"),
            ({"entity": sc.D, "since": "2025-01-01T00:00:00Z"}, "query.since"),
            ({"area": "TX", "since": "2025-06-01T00:00:00Z", "until": "2025-05-01T00:00:00Z"}, "query.until"),
        ):
            response = both.get("/v1/nexus", params=params)
            assert response.status_code == 422, params
            assert field in response.json()["detail"], params


@pytest.fixture(scope="module")
def slow_api(settings: Settings, neo4j_uri: str, store: Store) -> Iterator[tuple[ApiServer, str]]:
    """A server whose queries time out after 50 ms, on a graph where a report's nexus
    search takes seconds whatever plan Neo4j picks: sixty LE starts in one dense random
    co-mention graph, thousands of intelligence subjects in another it never reaches."""
    rnd = random.Random(7)
    base = {"agency": "x", "level": 0, "vis": [], "area": None, "event_at": None, "title": "t",
            "text": "t", "sha256": "x", "reported_at": "2025-01-01T00:00:00+00:00"}
    row = {"vis": [], "surface": "x", "start": 0, "end": 1, "sentence": 0, "confidence": 1.0,
           "role": None, "value": None, "valid": True}
    entities = [{"key": f"person:{c}{i}", "kind": "Person", "sector": None, "blocks": []}
                for c in "ab" for i in range(2000)]
    reports: list[dict[str, object]] = [{**base, "id": "BIG", "side": "LE"}]
    mentions = [{**row, "report": "BIG", "key": f"person:a{i}"} for i in range(60)]
    for c, side in (("a", "OPEN"), ("b", "INTEL")):
        reports += [{**base, "id": f"{c}{i}", "side": side} for i in range(4000)]
        mentions += [
            {**row, "report": f"{c}{i}", "key": f"person:{c}{rnd.randrange(2000)}"}
            for i in range(4000) for _ in range(3)
        ]
    store.run_batched("wipe_data", {})
    store.write_all([("report_put", {"reports": reports}), ("entity_put", {"entities": entities}),
                     ("mention_put", {"mentions": mentions, "refresh": [], **BUSY})])
    var = settings.var_dir / "slow"
    var.mkdir(exist_ok=True)
    _, key = PrincipalStore(var / "principals.json").add("slow", [Role.ANALYST], "U", citizenship=["USA"])
    env = api_env(settings, neo4j_uri, NEXUS_VAR_DIR=str(var), NEXUS_QUERY_TIMEOUT_S="0.05")
    server = ApiServer(env, var / "api.log")
    yield server, key
    server.stop()
    store.run_batched("wipe_data", {})


def test_a_query_past_its_timeout_is_a_504(slow_api: tuple[ApiServer, str]) -> None:
    server, key = slow_api
    response = httpx.get(
        f"{server.url}/v1/nexus", params={"report": "BIG"},
        headers={"Authorization": f"Bearer {key}"}, timeout=120,
    )
    assert response.status_code == 504, response.text
    assert response.json()["title"] == "Query Timeout"
