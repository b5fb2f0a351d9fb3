"""The neighbourhood of an entity: what visible evidence joins it to, up to three hops.

The expansion runs level by level in Neo4j (`neighbourhood_step`): each level adds the
entities joined to the frontier and not yet seen, most strongly connected first, until
the node budget is spent. Hubs (generic places, entities of too many visible reports)
are shown but not expanded unless asked for. Then the visible edges among all the
entities found are read (`subgraph_edges`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.entities import entity_kind
from queries.guard import tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import require_nodes
from queries.subgraph import Subgraph, edges_among

__all__ = ["MAX_HOPS", "MAX_NODES", "neighbourhood"]

MAX_HOPS = 3
MAX_NODES = 500


def neighbourhood(
    store: Store,
    viewer: Viewer,
    key: str,
    *,
    hops: int = 1,
    kinds: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    max_nodes: int = 50,
    hubs: HubPolicy = DEFAULT_HUBS,
    timeout_s: float | None = None,
) -> Subgraph | None:
    """The subgraph within `hops` of `key`, at most `max_nodes` entities; None if the
    entity does not exist for the viewer.

    `kinds` keeps only entities of those kinds (the start always stays), `relations`
    follows only stated relations of those kinds, and a window keeps only evidence dated
    inside it.
    """
    if not 1 <= hops <= MAX_HOPS or not 1 <= max_nodes <= MAX_NODES:
        raise ValueError(f"hops must be 1..{MAX_HOPS} and max_nodes 1..{MAX_NODES}")
    if entity_kind(store, viewer, key, timeout_s=timeout_s) is None:
        return None
    window = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    hub_params = hubs.params(store, viewer, timeout_s)
    seen, frontier, truncated = [key], [key], False
    for _ in range(hops):
        budget = max_nodes - len(seen)
        if not frontier or budget <= 0:
            truncated = truncated or bool(frontier)
            break
        rows = store.read(
            "neighbourhood_step",
            {"frontier": frontier, "seen": seen, "tokens": tokens(viewer),
             "kinds": list(kinds) if kinds else None,
             "relations": list(relations) if relations else None, "limit": budget,
             **window, **hub_params},
            timeout_s,
        )
        truncated = truncated or bool(rows and rows[0]["total"] > len(rows))
        seen += [r["key"] for r in rows]
        frontier = [r["key"] for r in rows if hubs.include_hubs or not r["hub"]]
    nodes = require_nodes(store, viewer, seen, timeout_s=timeout_s)
    edges, cut = edges_among(
        store, viewer, seen, relations=relations, since=since, until=until, timeout_s=timeout_s
    )
    return Subgraph(tuple(nodes[k] for k in sorted(nodes)), edges, truncated or cut)
