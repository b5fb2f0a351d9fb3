"""DataFrames and networkx graphs keep every field the viewer was sent, and nothing else."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graph_service.api.schemas import EdgePublic, SubgraphNodePublic
from graph_service.client import Nexus, bridges, centralities, communities, ego, write_gexf, write_graphml
from graph_service.client.frames import flat, hop_report_ids
from tests.queries import scenario as sc


def cells(value: Any) -> set[str]:
    """Every string in a cell, an attribute, or a list of them (';'-joined ones split)."""
    if isinstance(value, str):
        return {value, *value.split(";")}
    if isinstance(value, list | tuple):
        return {s for v in value for s in cells(v)}
    return set()


def strings(frame: pd.DataFrame | None = None, graph: nx.Graph | None = None) -> set[str]:
    found: set[str] = set()
    if frame is not None:
        found |= {s for column in frame.columns for v in frame[column] for s in cells(v)}
    if graph is not None:
        found |= {s for key, data in graph.nodes(data=True) for s in {key} | cells(list(data.values()))}
        found |= {s for _, _, data in graph.edges(data=True) for s in cells(list(data.values()))}
    return found


def assert_rows_are_the_items(frame: pd.DataFrame, items: Iterable[Any]) -> None:
    expected = [flat(item.model_dump(mode="json")) for item in items]
    assert expected, "nothing to compare"
    assert set(frame.columns) == {name for row in expected for name in row}
    assert frame.to_dict("records") == expected


def test_every_list_converts_to_one_row_per_item_with_every_field(as_) -> None:
    both, admin = as_("both"), as_("admin")
    for listing in (both.search("Bystander", limit=2), both.timeline(sc.D), both.candidates(),
                    both.areas(), admin.watchlist()):
        assert_rows_are_the_items(listing.to_dataframe(), listing.to_list())
    neighbourhood = both.neighbourhood(sc.D, hops=2)
    assert_rows_are_the_items(neighbourhood.to_dataframe(), neighbourhood.nodes)
    assert_rows_are_the_items(neighbourhood.edges_dataframe(), neighbourhood.edges)
    profile = both.profile(sc.D)
    assert_rows_are_the_items(profile.to_dataframe(), profile.links)


def test_a_neighbourhood_graph_carries_every_field_of_its_nodes_and_edges(as_) -> None:
    sub = as_("both").neighbourhood(sc.D, hops=2)
    graph = sub.to_networkx()
    assert set(graph.nodes) == {n.key for n in sub.nodes}
    for node in sub.nodes:
        data = graph.nodes[node.key]
        assert set(data) == set(SubgraphNodePublic.model_fields) - {"key"} | {"side"}
        assert {k: data[k] for k in data if k != "side"} == node.model_dump(exclude={"key"})
    for edge in sub.edges:
        data = graph.edges[edge.a, edge.b]
        assert set(data) == set(EdgePublic.model_fields) - {"a", "b"}
        assert data["report_ids"] == edge.report_ids


def test_nexus_hops_name_exactly_the_reports_of_their_evidence(as_) -> None:
    found = as_("both").nexus(entity=sc.D, as_of=sc.AS_OF)
    hops = found.hops_dataframe()
    first = found.to_list()[0]
    assert list(hops[hops["rank"] == 0]["report_ids"]) == [hop_report_ids(h) for h in first.path.hops]
    assert set(hops[hops["rank"] == 0]["sides"].explode()) == {"LE", "INTEL"}
    graph = found.to_networkx()
    assert graph.edges[sc.Q, sc.T]["side"] == "INTEL"
    assert graph.edges[sc.D, sc.Q]["side"] == "LE"
    assert graph.nodes[sc.T]["score"] == first.path.score.value
    rows = found.to_dataframe()
    assert rows["other"].iloc[0] == sc.T
    assert rows["path"].iloc[0] == [sc.D, sc.Q, sc.T]


def test_what_a_viewer_may_not_see_appears_in_no_conversion(as_, tmp_path) -> None:
    """The TOP SECRET report Z ties Reyes to Karim Haddad and the SECRET report E ties his
    phone to Tariq Aziz: an LES-only analyst's tables, graphs and files hold neither."""
    top, les = as_("top"), as_("les")

    def everything(nexus: Nexus) -> set[str]:
        sub = nexus.neighbourhood(sc.D, hops=2)
        graph = sub.to_networkx()
        found = strings(sub.to_dataframe(), graph) | strings(sub.edges_dataframe())
        found |= strings(nexus.timeline(sc.D).to_dataframe())
        found |= strings(nexus.profile(sc.D).to_dataframe())
        found |= strings(centralities(graph)) | strings(bridges(graph))
        found |= strings(graph=ego(graph, sc.D, radius=2))
        for name, write in (("g.graphml", write_graphml), ("g.gexf", write_gexf)):
            read = nx.read_graphml if name.endswith("graphml") else nx.read_gexf
            found |= strings(graph=read(io.BytesIO(write(graph, tmp_path / name).read_bytes())))
        return found

    seen_by_top, seen_by_les = everything(top), everything(les)
    hidden = seen_by_top - seen_by_les
    assert {"Karim Haddad", "Z", "Tariq Aziz", "E"} <= hidden  # so the test can fail
    assert not hidden & seen_by_les


def test_analytics_on_a_nexus_graph(as_) -> None:
    graph = as_("both").nexus(entity=sc.D, as_of=sc.AS_OF, include_hubs=True).to_networkx()
    table = centralities(graph)
    assert list(table.columns) == ["key", "name", "kind", "side", "degree", "betweenness", "eigenvector"]
    assert table.iloc[0]["key"] in {sc.Q, sc.H}  # the phone or the city joins the two sides
    bridge = bridges(graph)
    assert sc.Q in set(bridge["key"])
    assert set(communities(graph)) == set(graph.nodes)
    assert set(ego(graph, sc.Q).nodes) == {sc.Q, *graph.neighbors(sc.Q)}
