"""Answers an investigator works with: the API's response models, plus conversions.

Each class here subclasses the API's own response model and adds methods only, never a
field, so a result validates exactly as the service documents it and cannot drift from it.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graph_service.api.schemas import AreaPicturePublic, PathsPublic, ProfilePublic, SubgraphPublic
from graph_service.client.frames import HOP_COLUMNS, hop_rows, nexus_hops, nexus_rows, table
from graph_service.client.graph import paths_graph, subgraph_graph

__all__ = ["AreaPicture", "Neighbourhood", "Paths", "Profile"]


class Neighbourhood(SubgraphPublic):
    """The entities near one entity and the visible links among them."""

    def to_networkx(self) -> nx.Graph:
        """The subgraph as an undirected networkx graph (see `graph`)."""
        return subgraph_graph(self)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per entity, with its centrality and community in the subgraph."""
        return table(self.nodes)

    def edges_dataframe(self) -> pd.DataFrame:
        """One row per link: both ends, best evidence kind, counts and report ids."""
        return table(self.edges)


class Paths(PathsPublic):
    """The k shortest paths between two entities."""

    def to_networkx(self) -> nx.Graph:
        """The union of the paths as an undirected networkx graph (see `graph`)."""
        return paths_graph(self.paths)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per hop of every path (`path` numbers them, shortest first)."""
        rows = [row for i, p in enumerate(self.paths) for row in hop_rows(p, path=i)]
        return pd.DataFrame(rows, columns=["path", *HOP_COLUMNS])


class Profile(ProfilePublic):
    """Everything the caller may know of one entity."""

    def to_dataframe(self) -> pd.DataFrame:
        """One row per linked entity, with the strength of its best visible evidence."""
        return table(self.links)

    def reports_dataframe(self) -> pd.DataFrame:
        """One row per newest visible report mentioning the entity."""
        return table(self.latest)


class AreaPicture(AreaPicturePublic):
    """An area in a window, as the caller may see it."""

    def to_networkx(self) -> nx.Graph:
        """The union of the area's top nexus paths as an undirected networkx graph."""
        return paths_graph(n.path for n in self.nexus)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per top nexus of the area (see `frames.nexus_rows`)."""
        return nexus_rows(self.nexus)

    def hops_dataframe(self) -> pd.DataFrame:
        """One row per hop of the area's top nexus paths."""
        return nexus_hops(self.nexus)

    def activity_dataframe(self) -> pd.DataFrame:
        """One row per side and agency: visible reports in the window and the one before."""
        return table(self.activity)
