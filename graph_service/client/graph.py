"""networkx graphs of API answers, and their export to GraphML and GEXF for Gephi.

Nodes are entities keyed by entity key; edges join the two entities of a hop or a
subgraph link. Every attribute is a field of the answer (or, for `side`, read from the
answer's counts), so the graph holds what the viewer was sent and nothing else. Lists stay
lists in the graph; the writers join them with ';' because GraphML and GEXF hold scalars
only, and leave out what is None.

- node: kind, name, reports, le_reports, intel_reports, subject, anchor, watched, holders,
  side ("LE", "INTEL", "LE+INTEL" or "OPEN": which sides' visible reports name it); on a
  neighbourhood also degree_centrality, betweenness, community; on paths `score`, the best
  score of a path through it.
- edge: kind (evidence kind), strength, reports, report_ids; on paths also sides and side
  (of the co-mentioning reports), relations, candidate_score, snippets, level and vis of
  the path; on a neighbourhood the fields of its link.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph_service.api.schemas import EdgePublic, NodePublic, PathPublic, SubgraphPublic
from graph_service.client.frames import hop_report_ids, hop_sides

__all__ = ["node_side", "paths_graph", "subgraph_graph", "write_gexf", "write_graphml"]


def node_side(le_reports: int, intel_reports: int) -> str:
    """Which sides' visible reports name an entity."""
    if le_reports and intel_reports:
        return "LE+INTEL"
    return "LE" if le_reports else "INTEL" if intel_reports else "OPEN"


def edge_side(sides: Iterable[str]) -> str:
    """One label for the sides of an edge's reports."""
    found = set(sides)
    if {"LE", "INTEL"} <= found:
        return "LE+INTEL"
    return "LE" if "LE" in found else "INTEL" if "INTEL" in found else "OPEN" if found else ""


def _node_attributes(node: NodePublic) -> dict[str, Any]:
    attributes = node.model_dump(exclude={"key"})
    attributes["side"] = node_side(node.le_reports, node.intel_reports)
    return attributes


def subgraph_graph(sub: SubgraphPublic) -> nx.Graph:
    """A neighbourhood (or any subgraph answer) as an undirected graph."""
    graph = nx.Graph(truncated=sub.truncated)
    for node in sub.nodes:
        graph.add_node(node.key, **_node_attributes(node))
    for edge in sub.edges:
        graph.add_edge(edge.a, edge.b, **_edge_attributes(edge))
    return graph


def _edge_attributes(edge: EdgePublic) -> dict[str, Any]:
    attributes = edge.model_dump(exclude={"a", "b"})
    attributes["kind"] = str(edge.kind)
    return attributes


def paths_graph(paths: Iterable[PathPublic], graph: nx.Graph | None = None) -> nx.Graph:
    """The union of scored paths (a nexus page, k-shortest paths) as an undirected graph;
    added to `graph` when one is given."""
    graph = nx.Graph() if graph is None else graph
    for path in paths:
        for node in path.nodes:
            best = max(graph.nodes[node.key].get("score", 0.0), path.score.value) \
                if node.key in graph else path.score.value
            graph.add_node(node.key, **_node_attributes(node), score=best)
        for hop in path.hops:
            ev = hop.evidence
            sides = hop_sides(hop)
            graph.add_edge(
                hop.source, hop.target, kind=str(hop.kind), strength=hop.strength,
                reports=ev.reports, same_sentence=ev.same_sentence, report_ids=hop_report_ids(hop),
                sides=sides, side=edge_side(sides), relations=[r.kind for r in ev.relations],
                candidate_score=ev.candidate.score if ev.candidate else None,
                snippets=[c.snippet for c in ev.comentions if c.snippet], newest=ev.newest,
                level=path.level, vis=list(path.vis),
            )
    return graph


def exportable(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` with scalar attributes only: lists joined with ';', None left out."""
    def scalars(attributes: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in attributes.items():
            if value is None:
                continue
            out[name] = ";".join(map(str, value)) if isinstance(value, list | tuple) else value
        return out

    copy = nx.Graph(**scalars(dict(graph.graph)))
    copy.add_nodes_from((key, scalars(data)) for key, data in graph.nodes(data=True))
    copy.add_edges_from((a, b, scalars(data)) for a, b, data in graph.edges(data=True))
    return copy


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write `graph` as GraphML (Gephi, yEd, Cytoscape); returns the path."""
    nx.write_graphml(exportable(graph), str(path))
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write `graph` as GEXF (Gephi); returns the path."""
    nx.write_gexf(exportable(graph), str(path))
    return Path(path)
