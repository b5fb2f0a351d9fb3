"""Exports over HTTP: GraphML, GEXF and JSON of what the query returned, nothing more."""

from __future__ import annotations

import json
from urllib.parse import quote

import networkx as nx

from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc


def test_a_neighbourhood_exports_in_every_format(scenario_api: Analysts) -> None:
    url = f"/v1/exports/neighbourhood/{quote(sc.D, safe='')}"
    with scenario_api.client("top") as top:
        graphml = top.get(url, params={"hops": 2})
        gexf = top.get(url, params={"hops": 2, "format": "gexf"})
        data = top.get(url, params={"hops": 2, "format": "json"})
    assert graphml.headers["content-type"] == "application/graphml+xml"
    assert gexf.headers["content-type"] == "application/gexf+xml"
    assert "attachment" in graphml.headers["content-disposition"]
    graph = nx.parse_graphml(graphml.text)
    assert {sc.D, sc.Q, sc.X} <= set(graph.nodes)
    assert graph.nodes[sc.D]["name"] == "Daniel Reyes"
    assert b"<gexf" in gexf.content
    nodes = {n["id"] for n in json.loads(data.content)["nodes"]}
    assert nodes == set(graph.nodes)


def test_an_export_carries_nothing_the_caller_may_not_see(scenario_api: Analysts) -> None:
    url = f"/v1/exports/neighbourhood/{quote(sc.D, safe='')}"
    with scenario_api.client("les") as les:
        text = les.get(url, params={"hops": 3, "include_hubs": "true", "format": "json"}).text
    for secret in (sc.X, sc.T, "Dr. Daniel Reyes", '"Z"', "Z;", ";Z", '"E"', "E;", ";E"):
        assert secret not in text


def test_paths_and_nexus_export(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        paths = both.get("/v1/exports/paths", params={"source": sc.X, "target": sc.Y, "format": "json"})
        nexus = both.get("/v1/exports/nexus", params={"entity": sc.D, "format": "graphml"})
    assert {n["id"] for n in json.loads(paths.content)["nodes"]} == {sc.X, sc.P, sc.Y}
    edges = json.loads(paths.content)["edges"]
    assert {e["report_ids"] for e in edges} == {"A", "B"}
    assert sc.T in set(nx.parse_graphml(nexus.text).nodes)


def test_exports_404_and_422_like_their_queries(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        hidden = les.get(f"/v1/exports/neighbourhood/{quote(sc.X, safe='')}")
        missing = les.get(f"/v1/exports/neighbourhood/{quote('person:nobody', safe='')}")
        assert_same_404(hidden, missing)
        pdf = les.get("/v1/exports/paths", params={"source": sc.P, "target": sc.Y, "format": "pdf"})
        assert pdf.status_code == 422
