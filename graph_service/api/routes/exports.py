"""Exports of returned subgraphs (neighbourhood, paths, a nexus page) as GraphML, GEXF or
node-link JSON, made by networkx from exactly what the query returned to the caller, and
as STIX 2.1 bundles for partners (`queries.stix_export`)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor
from graph_service.api.routes.entities import EntityKey, NeighbourhoodDep, load_neighbourhood
from graph_service.api.routes.nexus import NexusDep, run_nexus
from graph_service.api.routes.paths import PathDep, load_paths
from graph_service.api.security import AnalystDep, Caller
from graph_service.audit import release
from graph_service.store import Store
from queries.analytics import MEDIA_TYPES, ExportFormat, export
from queries.stix_export import stix_bundle
from queries.subgraph import Subgraph, from_paths

router = APIRouter(prefix="/exports", tags=["exports"])

FormatParam = Annotated[ExportFormat, Query(alias="format", description="graphml, gexf or json.")]
_EXPORT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The subgraph file."}
}


def _file(request: Request, sub: Subgraph, fmt: ExportFormat, name: str) -> Response:
    release(request, sub.report_ids())
    return Response(
        export(sub, fmt), media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'},
    )


@router.get("/neighbourhood/{key:path}", response_class=Response, responses=_EXPORT_RESPONSES)
def export_neighbourhood(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    key: EntityKey,
    params: NeighbourhoodDep,
    fmt: FormatParam = ExportFormat.GRAPHML,
) -> Response:
    """The neighbourhood of an entity, as a file."""
    sub = load_neighbourhood(caller, store, settings, key, params)
    return _file(request, sub, fmt, "neighbourhood")


@router.get("/paths", response_class=Response, responses=_EXPORT_RESPONSES)
def export_paths(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    params: PathDep,
    fmt: FormatParam = ExportFormat.GRAPHML,
) -> Response:
    """The union of the paths between two entities, as a file."""
    found = load_paths(caller, store, settings, params)
    return _file(request, from_paths(found.paths, found.truncated), fmt, "paths")


@router.get("/nexus", response_class=Response, responses=_EXPORT_RESPONSES)
def export_nexus(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    params: NexusDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorParam = None,
    fmt: FormatParam = ExportFormat.GRAPHML,
) -> Response:
    """The union of one page of nexus paths (same parameters and cursor as /nexus), as a
    file."""
    offset = decode_cursor(cursor, params.scope())
    page = run_nexus(store, caller.viewer, settings, params, offset, limit)
    sub = from_paths([n.path for n in page.items], page.truncated)
    return _file(request, sub, fmt, "nexus")


# -- STIX 2.1 for partners ---------------------------------------------------------------

STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
_STIX_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {STIX_MEDIA_TYPE: {}}, "description": "A STIX 2.1 bundle."}
}


def _stix(request: Request, caller: Caller, store: Store, sub: Subgraph, name: str,
          timeout_s: float) -> Response:
    bundle = stix_bundle(store, caller.viewer, sub, timeout_s)
    release(request, sub.report_ids())
    return Response(
        json.dumps(bundle, sort_keys=True), media_type=STIX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.stix.json"'},
    )


@router.get("/stix/neighbourhood/{key:path}", response_class=Response,
            responses=_STIX_RESPONSES)
def export_stix_neighbourhood(
    request: Request, caller: AnalystDep, store: StoreDep, settings: SettingsDep,
    key: EntityKey, params: NeighbourhoodDep,
) -> Response:
    """The neighbourhood of an entity as a STIX bundle, every object marked by its evidence."""
    sub = load_neighbourhood(caller, store, settings, key, params)
    return _stix(request, caller, store, sub, "neighbourhood", settings.query_timeout_s)


@router.get("/stix/paths", response_class=Response, responses=_STIX_RESPONSES)
def export_stix_paths(
    request: Request, caller: AnalystDep, store: StoreDep, settings: SettingsDep,
    params: PathDep,
) -> Response:
    """The paths between two entities as a STIX bundle."""
    found = load_paths(caller, store, settings, params)
    return _stix(request, caller, store, from_paths(found.paths, found.truncated), "paths",
                 settings.query_timeout_s)


@router.get("/stix/nexus", response_class=Response, responses=_STIX_RESPONSES)
def export_stix_nexus(
    request: Request, caller: AnalystDep, store: StoreDep, settings: SettingsDep,
    params: NexusDep, limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorParam = None,
) -> Response:
    """One page of nexus paths (same parameters and cursor as /nexus) as a STIX bundle."""
    offset = decode_cursor(cursor, params.scope())
    page = run_nexus(store, caller.viewer, settings, params, offset, limit)
    sub = from_paths([n.path for n in page.items], page.truncated)
    return _stix(request, caller, store, sub, "nexus", settings.query_timeout_s)
