"""The analytics helpers on hand-made graphs, where the right answer is known."""

from __future__ import annotations

import networkx as nx
import pytest

from graph_service.client import bridges, centralities, communities, ego


def entity(graph: nx.Graph, key: str, le: int, intel: int) -> None:
    side = "LE+INTEL" if le and intel else "LE" if le else "INTEL" if intel else "OPEN"
    graph.add_node(key, name=key.title(), kind="Person", le_reports=le, intel_reports=intel, side=side)


@pytest.mark.parametrize("graph", [nx.path_graph(7), nx.star_graph(5), nx.karate_club_graph(),
                                   nx.complete_bipartite_graph(3, 4)])
def test_eigenvector_centrality_is_networkx_s(graph: nx.Graph) -> None:
    graph = nx.relabel_nodes(graph, {n: f"k{n}" for n in graph})
    for n, (a, b) in enumerate(graph.edges):
        graph.edges[a, b]["strength"] = 0.2 + (n % 4) * 0.2
    expected = nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-12, weight="strength")
    found = centralities(graph).set_index("key")["eigenvector"]
    assert max(abs(found[k] - expected[k]) for k in graph) < 1e-5


def test_bridges_are_the_entities_between_the_two_sides() -> None:
    """An LE-only street gang and an INTEL-only cell, joined through one phone."""
    graph = nx.Graph()
    for key in ("ana", "ben"):
        entity(graph, key, le=2, intel=0)
    for key in ("cyd", "dee"):
        entity(graph, key, le=0, intel=3)
    entity(graph, "phone", le=1, intel=1)
    entity(graph, "bystander", le=0, intel=0)
    graph.add_edges_from([("ana", "ben"), ("ben", "phone"), ("phone", "cyd"), ("cyd", "dee"),
                          ("phone", "bystander")])
    table = bridges(graph)
    assert table.iloc[0]["key"] == "phone"
    assert bool(table.iloc[0]["both_sides"])
    assert set(table["key"]) == {"phone", "ben", "cyd"}  # ana, dee and the bystander join nothing
    assert table.set_index("key")["bridge_score"]["phone"] > table.set_index("key")["bridge_score"]["ben"]
    assert centralities(graph).iloc[0]["key"] == "phone"


def test_communities_are_deterministic_and_numbered_by_size() -> None:
    graph = nx.relabel_nodes(nx.barbell_graph(5, 0), str)
    graph.add_edge("9", "10")
    graph.add_edge("10", "11")
    first = communities(graph)
    assert first == communities(graph)
    sizes = [list(first.values()).count(c) for c in sorted(set(first.values()))]
    assert sizes == sorted(sizes, reverse=True)


def test_an_ego_graph_of_a_missing_key_names_it() -> None:
    graph = nx.path_graph(["a", "b", "c"])
    assert set(ego(graph, "b").nodes) == {"a", "b", "c"}
    assert set(ego(graph, "a").nodes) == {"a", "b"}
    with pytest.raises(KeyError, match="'z'"):
        ego(graph, "z")
