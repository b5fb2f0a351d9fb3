"""Entities: search, profile, timeline and neighbourhood (analysts).

An entity the caller may not see and one that does not exist get the same 404, byte for
byte. Each response records in the audit log the reports whose content it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import MAX_KEY_CHARS, IncludeHubs, Since, Until, aware, invalid
from graph_service.api.problems import not_found
from graph_service.api.schemas import (
    EntityHitPublic,
    NodePublic,
    Page,
    ProfilePublic,
    SubgraphNodePublic,
    SubgraphPublic,
    TimelineItemPublic,
)
from graph_service.api.security import AnalystDep
from graph_service.audit import release
from graph_service.domain import EntityKind, RelationKind
from queries import entities, neighbourhood
from queries.analytics import measures
from queries.hubs import HubPolicy
from queries.subgraph import Subgraph

router = APIRouter(prefix="/entities", tags=["entities"])

HUBS = HubPolicy()
"""Tells hubs apart for the `hub` flag: the same rule whatever the request includes."""

EntityKey = Annotated[str, Path(min_length=1, max_length=MAX_KEY_CHARS, description="Entity key.")]


@dataclass(frozen=True, slots=True)
class NeighbourhoodParams:
    """The parameters of a neighbourhood, shared with its export."""

    hops: int
    kinds: list[EntityKind] | None
    relations: list[RelationKind] | None
    since: datetime | None
    until: datetime | None
    max_nodes: int
    include_hubs: bool


def neighbourhood_params(
    hops: Annotated[int, Query(ge=1, le=neighbourhood.MAX_HOPS)] = 1,
    kind: Annotated[list[EntityKind] | None, Query(description="Keep only these kinds.")] = None,
    relation: Annotated[
        list[RelationKind] | None, Query(description="Follow only these stated relations.")
    ] = None,
    since: Since = None,
    until: Until = None,
    max_nodes: Annotated[int, Query(ge=1, le=neighbourhood.MAX_NODES)] = 50,
    include_hubs: IncludeHubs = False,
) -> NeighbourhoodParams:
    """Validated neighbourhood parameters."""
    since, until = aware(since), aware(until)
    if since and until and until <= since:
        raise invalid("query.until", "must be after since")
    return NeighbourhoodParams(hops, kind, relation, since, until, max_nodes, include_hubs)


NeighbourhoodDep = Annotated[NeighbourhoodParams, Depends(neighbourhood_params)]


def subgraph_public(sub: Subgraph) -> SubgraphPublic:
    """A subgraph with each entity's centrality and community in it."""
    found = measures(sub)
    nodes = [
        SubgraphNodePublic(
            **NodePublic.model_validate(node).model_dump(), hub=HUBS.is_hub(node.key, node.reports),
            degree_centrality=found[node.key].degree,
            betweenness=found[node.key].betweenness, community=found[node.key].community,
        )
        for node in sub.nodes
    ]
    return SubgraphPublic.model_validate(
        {"nodes": nodes, "edges": list(sub.edges), "truncated": sub.truncated}, from_attributes=True
    )


def load_neighbourhood(
    caller: AnalystDep, store: StoreDep, settings: SettingsDep, key: str, params: NeighbourhoodParams
) -> Subgraph:
    """The neighbourhood of `key` for the caller, or the one 404."""
    sub = neighbourhood.neighbourhood(
        store, caller.viewer, key, hops=params.hops,
        kinds=[k.value for k in params.kinds] if params.kinds else None,
        relations=[r.value for r in params.relations] if params.relations else None,
        since=params.since, until=params.until, max_nodes=params.max_nodes,
        hubs=HubPolicy(include_hubs=params.include_hubs), timeout_s=settings.query_timeout_s,
    )
    if sub is None:
        raise not_found()
    return sub


@router.get("", response_model=Page[EntityHitPublic])
def search_entities(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, alias or identifier.")],
    kind: Annotated[list[EntityKind] | None, Query(description="Only these kinds.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorParam = None,
) -> Page[EntityHitPublic]:
    """Entities by name, alias or identifier value, best match first."""
    if not q.strip():
        raise invalid("query.q", "must not be blank")
    kinds = sorted(k.value for k in kind) if kind else None
    scope = scope_of("entities", {"q": q, "kind": kinds})
    page = entities.search(
        store, caller.viewer, q, kinds=kinds, offset=decode_cursor(cursor, scope), limit=limit,
        timeout_s=settings.query_timeout_s,
    )
    release(request, [rid for hit in page.items for rid in hit.report_ids])
    return page_of(page, EntityHitPublic, scope)


@router.get("/{key:path}/timeline", response_model=Page[TimelineItemPublic])
def entity_timeline(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    key: EntityKey,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: CursorParam = None,
) -> Page[TimelineItemPublic]:
    """The visible reports mentioning the entity, oldest first."""
    since, until = aware(since), aware(until)
    if since and until and until <= since:
        raise invalid("query.until", "must be after since")
    scope = scope_of("timeline", {"key": key, "since": since, "until": until})
    page = entities.timeline(
        store, caller.viewer, key, since=since, until=until, offset=decode_cursor(cursor, scope),
        limit=limit, timeout_s=settings.query_timeout_s,
    )
    if page is None:
        raise not_found()
    release(request, [item.report.id for item in page.items])
    return page_of(page, TimelineItemPublic, scope)


@router.get("/{key:path}/neighbourhood", response_model=SubgraphPublic)
def entity_neighbourhood(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    key: EntityKey,
    params: NeighbourhoodDep,
) -> SubgraphPublic:
    """The entities within a few hops and the visible links among them, with centrality
    and communities computed on this subgraph."""
    sub = load_neighbourhood(caller, store, settings, key, params)
    release(request, sub.report_ids())
    return subgraph_public(sub)


@router.get("/{key:path}", response_model=ProfilePublic)
def entity_profile(
    request: Request, caller: AnalystDep, store: StoreDep, settings: SettingsDep, key: EntityKey
) -> ProfilePublic:
    """Names, identifiers, counts, dates, newest reports, areas and linked entities."""
    found = entities.profile(store, caller.viewer, key, timeout_s=settings.query_timeout_s)
    if found is None:
        raise not_found()
    release(request, found.report_ids())
    return ProfilePublic.model_validate(found)
