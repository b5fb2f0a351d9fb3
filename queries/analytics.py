"""Analytics on returned subgraphs with networkx: centrality, communities, exports.

networkx only ever sees a subgraph a query has already returned to the viewer (never the
store), so every measure is computed on visible data. Graphs are built in key order and
the community detection is seeded, so the same subgraph always gives the same numbers.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from queries.subgraph import Subgraph

__all__ = ["ExportFormat", "NodeMeasures", "export", "measures", "to_networkx"]


class ExportFormat(StrEnum):
    """Export formats of a subgraph."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"


MEDIA_TYPES = {
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.JSON: "application/json",
}


@dataclass(frozen=True, slots=True)
class NodeMeasures:
    """Where an entity sits in its subgraph: degree and betweenness centrality, community.

    Communities are numbered 0.. in the order of their smallest key.
    """

    degree: float
    betweenness: float
    community: int


# What XML 1.0 cannot carry (its Char production): control characters but tab, line feed
# and carriage return, and U+FFFE/U+FFFF. Ingest turns them into spaces; a name stored
# before it did is cleaned here, so that no stored text makes an export unparseable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def to_networkx(sub: Subgraph) -> nx.Graph:
    """The subgraph as an undirected networkx graph with flat attributes (export-safe)."""
    graph = nx.Graph()
    for node in sub.nodes:
        graph.add_node(
            _xml_safe(node.key), kind=node.kind, name=_xml_safe(node.name), reports=node.reports,
            le_reports=node.le_reports, intel_reports=node.intel_reports,
        )
    for edge in sub.edges:
        graph.add_edge(
            _xml_safe(edge.a), _xml_safe(edge.b), kind=str(edge.kind), strength=edge.strength,
            reports=edge.reports,
            same_sentence=edge.same_sentence, relations=";".join(edge.relations),
            report_ids=_xml_safe(";".join(edge.report_ids)), newest=edge.newest or "",
        )
    return graph


def measures(sub: Subgraph) -> dict[str, NodeMeasures]:
    """Degree and betweenness centrality and community of every entity of `sub`."""
    graph = to_networkx(sub)
    if len(graph) == 0:
        return {}
    scale = 1.0 / (len(graph) - 1) if len(graph) > 1 else 0.0
    betweenness: dict[str, float] = nx.betweenness_centrality(graph)
    found: list[set[str]] = nx.community.louvain_communities(graph, weight="strength", seed=0)
    ordered = sorted((sorted(c) for c in found), key=lambda members: members[0])
    community = {key: i for i, members in enumerate(ordered) for key in members}
    return {
        key: NodeMeasures(
            round(graph.degree(key) * scale, 6), round(betweenness[key], 6), community[key]
        )
        for key in graph.nodes
    }


def export(sub: Subgraph, fmt: ExportFormat) -> bytes:
    """`sub` as GraphML, GEXF or node-link JSON, with centrality and community per node."""
    graph = to_networkx(sub)
    for key, m in measures(sub).items():
        graph.nodes[key].update(degree=m.degree, betweenness=m.betweenness, community=m.community)
    if fmt is ExportFormat.JSON:
        data: dict[str, object] = nx.node_link_data(graph)
        data["truncated"] = sub.truncated
        return json.dumps(data, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    if fmt is ExportFormat.GRAPHML:
        nx.write_graphml(graph, buffer)
    else:
        nx.write_gexf(graph, buffer)
    return buffer.getvalue()
