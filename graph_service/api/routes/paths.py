"""Paths between two entities: shortest and k-shortest, each hop with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.params import MAX_KEY_CHARS, AsOf, IncludeHubs, aware, invalid
from graph_service.api.problems import not_found
from graph_service.api.schemas import PathsPublic
from graph_service.api.security import AnalystDep
from graph_service.audit import release
from queries import paths
from queries.hubs import HubPolicy
from queries.paths import PathResult

router = APIRouter(tags=["paths"])

EntityKeyQuery = Annotated[str, Query(min_length=1, max_length=MAX_KEY_CHARS)]


@dataclass(frozen=True, slots=True)
class PathParams:
    """The parameters of a path search, shared with its export."""

    source: str
    target: str
    k: int
    max_hops: int
    include_hubs: bool
    as_of: datetime | None


def path_params(
    source: EntityKeyQuery,
    target: EntityKeyQuery,
    k: Annotated[int, Query(ge=1, le=paths.MAX_K, description="How many paths (k-shortest).")] = 1,
    max_hops: Annotated[int, Query(ge=1, le=paths.MAX_HOPS)] = paths.MAX_HOPS,
    include_hubs: IncludeHubs = False,
    as_of: AsOf = None,
) -> PathParams:
    """Validated path parameters."""
    if source == target:
        raise invalid("query.target", "must differ from source")
    return PathParams(source, target, k, max_hops, include_hubs, aware(as_of))


PathDep = Annotated[PathParams, Depends(path_params)]


def load_paths(caller: AnalystDep, store: StoreDep, settings: SettingsDep, params: PathParams) -> PathResult:
    """The paths for the caller, or the one 404 when either entity is unknown or hidden."""
    found = paths.find_paths(
        store, caller.viewer, params.source, params.target, k=params.k, max_hops=params.max_hops,
        hubs=HubPolicy(include_hubs=params.include_hubs), as_of=params.as_of,
        timeout_s=settings.query_timeout_s,
    )
    if found is None:
        raise not_found()
    return found


@router.get("/paths", response_model=PathsPublic)
def find_paths(
    request: Request, caller: AnalystDep, store: StoreDep, settings: SettingsDep, params: PathDep
) -> PathsPublic:
    """The k shortest paths (at most `max_hops` hops) from `source` to `target`: fewest
    hops first, then highest score. Hubs do not bridge unless `include_hubs`."""
    found = load_paths(caller, store, settings, params)
    release(request, [rid for p in found.paths for rid in p.report_ids()])
    return PathsPublic.model_validate(found)
