"""A link chart of a graph from `to_networkx()`: entities coloured by kind, evidence told
apart by side (law enforcement solid blue, intelligence dashed red, both purple; a link
whose sides the answer does not carry, grey), entities ringed by the sides naming them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = ["KIND_COLOURS", "SIDE_STYLES", "link_chart"]

KIND_COLOURS = {
    "Person": "#4e79a7", "Organization": "#f28e2b", "Location": "#59a14f", "Facility": "#e15759",
    "Phone": "#76b7b2", "Email": "#edc948", "Vehicle": "#b07aa1", "Account": "#ff9da7",
    "Weapon": "#9c755f", "IpAddress": "#bab0ac", "Domain": "#86bcb6", "Document": "#d37295",
}
OTHER_KIND = "#cccccc"
LineStyle = Literal["solid", "dashed", "dotted"]
SIDE_STYLES: dict[str, tuple[str, LineStyle]] = {  # side -> (colour, line style)
    "LE": ("#1f4e99", "solid"), "INTEL": ("#c0392b", "dashed"), "LE+INTEL": ("#7d3c98", "solid"),
    "OPEN": ("#7f7f7f", "dotted"), "": ("#9a9a9a", "dotted"),
}


def link_chart(
    graph: nx.Graph, *, ax: Axes | None = None, title: str | None = None,
    highlight: Iterable[str] = (), seed: int = 0, label_chars: int = 22,
) -> Figure:
    """Draw `graph` and return the figure; `highlight` keys are drawn larger."""
    if ax is None:
        figure, ax = plt.subplots(figsize=(11, 8))
    else:
        figure = ax.get_figure()  # type: ignore[assignment]
    marked = set(highlight)
    layout = nx.spring_layout(graph, seed=seed, k=1.6 / max(1, len(graph)) ** 0.5)
    for side, (colour, style) in SIDE_STYLES.items():
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d.get("side", "") == side]
        if edges:
            nx.draw_networkx_edges(graph, layout, edgelist=edges, edge_color=colour, style=style,
                                   width=1.8, ax=ax)
    nodes = list(graph.nodes)
    kinds = [graph.nodes[k].get("kind", "") for k in nodes]
    # networkx-stubs type node_color and node_size as one value; networkx takes one per node.
    nx.draw_networkx_nodes(
        graph, layout, nodelist=nodes, ax=ax,
        node_color=[KIND_COLOURS.get(kind, OTHER_KIND) for kind in kinds],  # type: ignore[arg-type]
        node_size=[700 if k in marked else 260 for k in nodes],  # type: ignore[arg-type]
        edgecolors=[SIDE_STYLES.get(graph.nodes[k].get("side", ""), SIDE_STYLES[""])[0] for k in nodes],
        linewidths=2.0,
    )
    labels = {k: str(graph.nodes[k].get("name", k))[:label_chars] for k in nodes}
    nx.draw_networkx_labels(graph, layout, labels=labels, font_size=8, ax=ax)
    handles = [Line2D([], [], marker="o", linestyle="", color=KIND_COLOURS[kind], label=kind)
               for kind in sorted(set(kinds)) if kind in KIND_COLOURS]
    handles += [Line2D([], [], color=colour, linestyle=style, label=f"{side} evidence")
                for side, (colour, style) in SIDE_STYLES.items() if side in {"LE", "INTEL", "LE+INTEL"}]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure
