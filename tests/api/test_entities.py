"""Entity search, profile, timeline and neighbourhood over HTTP."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from graph_service.store import Store
from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc
from tests.queries.world import World, write


def entity(key: str, suffix: str = "") -> str:
    return f"/v1/entities/{quote(key, safe='')}{suffix}"


def test_search_by_name_and_identifier(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        body = les.get("/v1/entities", params={"q": "Daniel Reyes"}).json()
        assert [h["key"] for h in body["items"]] == [sc.D]
        assert body["total"] == 1
        assert body["next_cursor"] is None
        phone = les.get("/v1/entities", params={"q": "713 555 0199"}).json()
        assert phone["items"][0]["key"] == sc.Q
        assert phone["items"][0]["score"] == 100.0
        assert les.get("/v1/entities", params={"q": "Tariq Aziz"}).json()["total"] == 0
        assert les.get("/v1/entities", params={"q": "Dr"}).json()["items"] == []
    with scenario_api.client("top") as top:
        hit = top.get("/v1/entities", params={"q": "Dr"}).json()["items"][0]
        assert hit["aliases"] == ["Dr. Daniel Reyes"]


def test_search_pages_follow_cursors_and_add_up(scenario_api: Analysts) -> None:
    with scenario_api.client("public") as public:
        seen: list[str] = []
        params: dict[str, str | int] = {"q": "Bystander", "limit": 2}
        total = None
        while True:
            page = public.get("/v1/entities", params=params).json()
            total = page["total"]
            seen += [h["key"] for h in page["items"]]
            if page["next_cursor"] is None:
                break
            params = {**params, "cursor": page["next_cursor"]}
        assert total == len(seen) == len(set(seen)) == 5
        first = public.get("/v1/entities", params={"q": "Bystander", "limit": 2}).json()
        replayed = public.get("/v1/entities", params={"q": "Houston", "cursor": first["next_cursor"]})
        assert replayed.status_code == 422
        assert replayed.json()["errors"][0]["field"] == "query.cursor"
        assert public.get("/v1/entities", params={"q": "x", "cursor": "%%%"}).status_code == 422


def test_bad_parameters_are_422_naming_them(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        for params, field in (
            ({"q": "   "}, "query.q"), ({"q": "a", "limit": 101}, "query.limit"),
            ({"q": "a", "kind": "Planet"}, "query.kind.0"), ({}, "query.q"),
        ):
            response = les.get("/v1/entities", params=params)
            assert response.status_code == 422, params
            assert response.headers["content-type"].startswith("application/problem+json")
            assert field in response.json()["detail"]


def test_profile_shows_only_visible_evidence(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les, scenario_api.client("top") as top:
        mine = les.get(entity(sc.D)).json()
        theirs = top.get(entity(sc.D)).json()
    assert (mine["reports"], theirs["reports"]) == (2, 3)
    assert [n["text"] for n in mine["names"]] == ["Daniel Reyes"]
    assert sc.X not in {link["key"] for link in mine["links"]}
    assert sc.X in {link["key"] for link in theirs["links"]}
    assert all(r["id"] != "Z" for r in mine["latest"])


def test_hidden_and_missing_entities_get_the_same_404(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        for suffix in ("", "/timeline", "/neighbourhood"):
            assert_same_404(les.get(entity(sc.X, suffix)), les.get(entity("person:nobody at all", suffix)))


def test_a_hidden_entity_and_an_absent_one_answer_byte_for_byte_alike(
    scenario_api: Analysts, store: Store
) -> None:
    urls = [entity(sc.X, suffix) for suffix in ("", "/timeline", "/neighbourhood")]
    with scenario_api.client("les") as les:
        hidden = [les.get(url) for url in urls]
        without = World(tuple(r for r in sc.WORLD.reports if sc.X not in {m.key for m in r.mentions}))
        write(store, without)
        try:
            absent = [les.get(url) for url in urls]
        finally:
            write(store, sc.WORLD)
    for h, a in zip(hidden, absent, strict=True):
        assert h.status_code == a.status_code == 404
        assert h.content == a.content
        assert {k: v for k, v in h.headers.items() if k != "date"} == {
            k: v for k, v in a.headers.items() if k != "date"
        }


def test_timeline_pages_in_time_order(scenario_api: Analysts) -> None:
    with scenario_api.client("top") as top:
        first = top.get(entity(sc.D, "/timeline"), params={"limit": 2}).json()
        rest = top.get(entity(sc.D, "/timeline"), params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert first["total"] == 3
    assert [i["report"]["id"] for i in first["items"] + rest["items"]] == ["C", "I", "Z"]
    assert rest["next_cursor"] is None


def test_neighbourhood_with_measures_and_limits(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        body = les.get(entity(sc.D, "/neighbourhood"), params={"hops": 2}).json()
        nodes = {n["key"]: n for n in body["nodes"]}
        assert {sc.D, sc.Q, sc.H} <= set(nodes)
        assert nodes[sc.D]["degree_centrality"] > 0
        assert "community" in nodes[sc.D]
        assert les.get(entity(sc.D, "/neighbourhood"), params={"hops": 4}).status_code == 422
        assert les.get(entity(sc.D, "/neighbourhood"), params={"max_nodes": 501}).status_code == 422
        small = les.get(entity(sc.D, "/neighbourhood"), params={"hops": 3, "max_nodes": 2}).json()
        assert len(small["nodes"]) == 2
        assert small["truncated"]


def test_routes_need_an_analyst(scenario_api: Analysts) -> None:
    assert httpx.get(f"{scenario_api.url}{entity(sc.D)}").status_code == 401
    with scenario_api.client("feed") as feed:
        assert feed.get(entity(sc.D)).status_code == 403
        assert feed.get("/v1/entities", params={"q": "x"}).status_code == 403



def test_times_beyond_neo4js_offsets_work_and_numbers_are_422(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        path = entity("phone:+12025550143", "/timeline")
        assert les.get(path, params={"since": "2020-01-01T00:00:00-20:00"}).status_code != 500
        for since in ("0.0", "-3.6e-05", "1700000000"):
            response = les.get(path, params={"since": since})
            assert response.status_code == 422, since
            assert "query.since" in response.json()["detail"]
