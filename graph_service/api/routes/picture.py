"""The national picture, and the live picture of the nation or an area.

Windows that nobody named end at the end of the day of the newest report the viewer may
see (not at the wall clock), so a picture of old data is never empty; `as_of` replays a
picture as it stood then: the window ends at `as_of` at the latest, so no report filed
after it is counted. The stream recomputes the caller's picture every
`picture_stream_interval_s` from the tallies and sends it when it changed: what a caller
receives, and when, depends only on what the caller may see.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.params import AsOf, Since, Until, area_window, aware, invalid
from graph_service.api.picture_schemas import NationalPicturePublic
from graph_service.api.problems import not_found
from graph_service.api.security import AnalystDep
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries import areas, picture

__all__ = ["picture_window", "router"]

router = APIRouter(prefix="/picture", tags=["picture"])

AreaCode = Annotated[
    str | None, Query(min_length=1, max_length=20, description="An area code; the nation if absent."),
]
Days = Annotated[int, Query(ge=1, le=90, description="Length of the live window in days.")]


def picture_window(
    store: Store, viewer: Viewer, codes: Sequence[str] | None, since: datetime | None,
    until: datetime | None, as_of: datetime | None, timeout_s: float,
) -> tuple[datetime, datetime]:
    """A picture's window: `until` defaults to the end of the day of the newest report the
    viewer may see of `codes` (of any area when None) before `as_of`, capped at `as_of`;
    `since` to 30 days before `until`. A replay cannot count what came after it, so
    `until` may not be after `as_of` (422)."""
    as_of, until = aware(as_of), aware(until)
    if as_of is not None and until is not None and until > as_of:
        raise invalid("query.until", "must not be after as_of: a replay leaves out later reports")
    end = until or areas.default_until(store, viewer, codes, as_of, timeout_s=timeout_s)
    return area_window(since, end, None)


@router.get("", response_model=NationalPicturePublic)
def national_picture(
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    since: Since = None,
    until: Until = None,
    as_of: AsOf = None,
) -> NationalPicturePublic:
    """Every area at once: visible reports by side in the window and the previous window
    of the same length, new nexus links, open alerts, the areas whose activity changed
    most first; default window: the 30 days up to the newest report you may see."""
    since, until = picture_window(
        store, caller.viewer, None, since, until, as_of, settings.query_timeout_s
    )
    found = picture.national_picture(
        store, caller.viewer, since, until, timeout_s=settings.query_timeout_s
    )
    return NationalPicturePublic.of(found)


@router.get("/stream", response_class=StreamingResponse)
async def picture_stream(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    settings: SettingsDep,
    area: AreaCode = None,
    days: Days = 1,
) -> StreamingResponse:
    """Server-sent events: `event: picture` with the national picture (or the `area`'s
    line) of the last `days` days up to the newest report you may see, first at once,
    then whenever it changes; `: ping` comments in between."""
    codes = areas.covered_codes(area) if area is not None else None
    if area is not None and codes is None:
        raise not_found()
    viewer, timeout_s = caller.viewer, settings.query_timeout_s

    def snapshot() -> str:
        until = areas.default_until(store, viewer, codes, None, timeout_s=timeout_s)
        since = until - timedelta(days=days)
        if area is None:
            return NationalPicturePublic.of(
                picture.national_picture(store, viewer, since, until, timeout_s=timeout_s)
            ).model_dump_json()
        line = picture.area_summary(store, viewer, area, since, until, timeout_s=timeout_s)
        if line is None:  # not reached: the code was checked before the stream began
            raise not_found()
        return NationalPicturePublic.of(picture.NationalPicture(
            since=since, until=until, previous_since=since - (until - since), current=line.current,
            previous=line.previous, new_links=line.new_links, open_alerts=line.open_alerts,
            areas=(line,),
        )).model_dump_json()

    async def events() -> AsyncIterator[str]:
        sent, number, quiet = None, 0, 0.0
        while not await request.is_disconnected():
            body = await run_in_threadpool(snapshot)
            if body != sent:
                number, sent, quiet = number + 1, body, 0.0
                yield f"id: {number}\nevent: picture\ndata: {body}\n\n"
            elif quiet >= settings.picture_stream_heartbeat_s:
                quiet = 0.0
                yield ": ping\n\n"
            await anyio.sleep(settings.picture_stream_interval_s)
            quiet += settings.picture_stream_interval_s

    return StreamingResponse(
        events(), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
