"""Areas: the reference list, and the picture of one area over a time window."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import AsOf, IncludeHubs, Since, Until, aware
from graph_service.api.problems import not_found
from graph_service.api.routes.picture import picture_window
from graph_service.api.schemas import (
    ActivityPublic,
    AreaExtentPublic,
    AreaPicturePublic,
    AreaPublic,
    EntityChangePublic,
    NexusPublic,
    Page,
)
from graph_service.api.security import AnalystDep
from graph_service.audit import release
from queries import areas
from queries.hubs import HubPolicy
from queries.pages import slice_page

router = APIRouter(prefix="/areas", tags=["areas"])

@router.get("", response_model=Page[AreaPublic])
def list_areas(
    _: AnalystDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 200,
    cursor: CursorParam = None,
) -> Page[AreaPublic]:
    """States, DC, territories and major urban areas (reference data)."""
    scope = scope_of("areas", {})
    page = slice_page(areas.reference_areas(), decode_cursor(cursor, scope), limit)
    return page_of(page, AreaPublic, scope)


@router.get("/{code}/extent", response_model=AreaExtentPublic)
def area_extent(
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    code: Annotated[str, Path(min_length=1, max_length=20)],
) -> AreaExtentPublic:
    """How many visible reports the area (with its urban areas) has, and the dates of the
    oldest and newest: where to put a picture's window so that it shows the data."""
    found = areas.area_extent(store, caller.viewer, code, timeout_s=settings.query_timeout_s)
    if found is None:
        raise not_found()
    return AreaExtentPublic(
        reports=found.reports, first=found.first.isoformat() if found.first else None,
        last=found.last.isoformat() if found.last else None,
    )


@router.get("/{code}/picture", response_model=AreaPicturePublic)
def area_picture(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    code: Annotated[str, Path(min_length=1, max_length=20)],
    since: Since = None,
    until: Until = None,
    top: Annotated[int, Query(ge=1, le=50, description="Length of each top list.")] = 10,
    max_hops: Annotated[int, Query(ge=1, le=3)] = 2,
    include_hubs: IncludeHubs = False,
    as_of: AsOf = None,
) -> AreaPicturePublic:
    """Reports by side and agency, new entities, top changes against the previous window
    of the same length, top nexus results and open alerts; default window: the 30 days up
    to the newest report of the area you may see. With `as_of`, the picture as it stood
    then: the window ends at `as_of` at the latest."""
    codes = areas.covered_codes(code)
    if codes is None:
        raise not_found()
    since, until = picture_window(
        store, caller.viewer, codes, since, until, as_of, settings.query_timeout_s
    )
    picture = areas.area_picture(
        store, caller.viewer, code, since, until, top=top, max_hops=max_hops,
        hubs=HubPolicy(include_hubs=include_hubs), as_of=aware(as_of),
        timeout_s=settings.query_timeout_s,
    )
    if picture is None:
        raise not_found()
    release(request, picture.report_ids())
    return AreaPicturePublic(
        area=AreaPublic.model_validate(picture.area), codes=list(picture.codes),
        since=picture.since.isoformat(), until=picture.until.isoformat(),
        previous_since=picture.previous_since.isoformat(),
        activity=[ActivityPublic.model_validate(a) for a in picture.activity],
        reports=picture.reports, previous_reports=picture.previous_reports,
        new_entities=[EntityChangePublic.model_validate(e) for e in picture.new_entities],
        changes=[EntityChangePublic.model_validate(e) for e in picture.changes],
        nexus=[NexusPublic.model_validate(n) for n in picture.nexus],
        nexus_total=picture.nexus_total, open_alerts=picture.open_alerts,
        truncated=picture.truncated,
    )
