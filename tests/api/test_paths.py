"""Paths over HTTP: the worked example (tests/queries/scenario.py) for every analyst, evidence, limits."""

from __future__ import annotations

from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc

AS_OF = {"as_of": sc.AS_OF}


def test_worked_example_only_the_analyst_holding_both_has_a_path_x_to_y(scenario_api: Analysts) -> None:
    for name in ("les", "secret", "public"):
        with scenario_api.client(name) as client:
            response = client.get("/v1/paths", params={"source": sc.X, "target": sc.Y, **AS_OF})
            assert response.status_code == 404, name
    with scenario_api.client("both") as both:
        body = both.get("/v1/paths", params={"source": sc.X, "target": sc.Y, **AS_OF}).json()
    (path,) = body["paths"]
    assert [n["key"] for n in path["nodes"]] == [sc.X, sc.P, sc.Y]
    assert path["score"]["factors"][0]["kind"] == "shared_identifier"
    assert [h["evidence"]["comentions"][0]["report"] for h in path["hops"]] == ["A", "B"]
    assert [h["evidence"]["relations"][0]["kind"] for h in path["hops"]] == ["OWNS", "CALLED"]
    assert set(path["vis"]) >= {"dissem:LES", "lvl:S"}
    assert path["level"] == 2


def test_what_each_side_sees_of_the_phone(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les, scenario_api.client("secret") as secret:
        les_links = {link["key"] for link in les.get(f"/v1/entities/{sc.P}").json()["links"]}
        secret_links = {link["key"] for link in secret.get(f"/v1/entities/{sc.P}").json()["links"]}
        les_paths = les.get("/v1/paths", params={"source": sc.P, "target": sc.Y, **AS_OF}).json()
        secret_paths = secret.get("/v1/paths", params={"source": sc.X, "target": sc.P, **AS_OF}).json()
    assert les_links == {sc.Y}
    assert secret_links == {sc.X}
    assert [n["key"] for n in les_paths["paths"][0]["nodes"]] == [sc.P, sc.Y]
    assert [n["key"] for n in secret_paths["paths"][0]["nodes"]] == [sc.X, sc.P]


def test_hubs_bridge_only_when_asked(scenario_api: Analysts) -> None:
    params = {"source": sc.D, "target": sc.T, "k": 5, **AS_OF}
    with scenario_api.client("both") as both:
        plain = both.get("/v1/paths", params=params).json()
        wide = both.get("/v1/paths", params={**params, "include_hubs": "true"}).json()
    routes = [[n["key"] for n in p["nodes"]] for p in plain["paths"]]
    assert routes[0] == [sc.D, sc.Q, sc.T]
    assert all(sc.H not in r for r in routes)
    wide_routes = [[n["key"] for n in p["nodes"]] for p in wide["paths"]]
    assert wide_routes[0] == [sc.D, sc.Q, sc.T]
    assert [sc.D, sc.H, sc.T] in wide_routes


def test_hidden_and_missing_endpoints_get_the_same_404(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        hidden = les.get("/v1/paths", params={"source": sc.X, "target": sc.Y})
        missing = les.get("/v1/paths", params={"source": "person:no one", "target": sc.Y})
    assert_same_404(hidden, missing)
    assert hidden.content == missing.content


def test_limits_and_bad_parameters(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        for params, field in (
            ({"source": sc.D, "target": sc.D}, "query.target"),
            ({"source": sc.D, "target": sc.T, "k": 11}, "query.k"),
            ({"source": sc.D, "target": sc.T, "max_hops": 7}, "query.max_hops"),
            ({"source": sc.D}, "query.target"),
            ({"source": sc.D, "target": sc.T, "as_of": "yesterday"}, "query.as_of"),
        ):
            response = both.get("/v1/paths", params=params)
            assert response.status_code == 422, params
            assert field in response.json()["detail"], params
        one = both.get("/v1/paths", params={"source": sc.D, "target": sc.T, "k": 1, **AS_OF}).json()
        assert len(one["paths"]) == 1
