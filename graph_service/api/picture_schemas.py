"""Response models of the national picture and the live picture stream (the area picture's
own models are in `schemas`)."""

from __future__ import annotations

from pydantic import BaseModel

from graph_service.api.schemas import AreaPublic
from queries.picture import AreaSummary, NationalPicture

__all__ = ["AreaLinePublic", "NationalPicturePublic"]


class AreaLinePublic(BaseModel):
    """One area in a window: visible reports by side, in the window and the previous one
    (and the difference), new nexus links completed in the window, open alerts."""

    area: AreaPublic
    reports: int
    previous_reports: int
    change: int
    by_side: dict[str, int]
    previous_by_side: dict[str, int]
    new_links: int
    open_alerts: int

    @classmethod
    def of(cls, line: AreaSummary) -> AreaLinePublic:
        return cls(
            area=AreaPublic.model_validate(line.area), reports=line.reports,
            previous_reports=sum(line.previous.values()), change=line.change,
            by_side=line.current, previous_by_side=line.previous, new_links=line.new_links,
            open_alerts=line.open_alerts,
        )


class NationalPicturePublic(BaseModel):
    """Every area in the window [since, until), most changed first, and the national
    totals (each report counted once; a state's line includes its urban areas). A live
    stream of one area carries that area's line alone, its totals those of the line."""

    since: str
    until: str
    previous_since: str
    reports: int
    previous_reports: int
    by_side: dict[str, int]
    previous_by_side: dict[str, int]
    new_links: int
    open_alerts: int
    areas: list[AreaLinePublic]

    @classmethod
    def of(cls, picture: NationalPicture) -> NationalPicturePublic:
        return cls(
            since=picture.since.isoformat(), until=picture.until.isoformat(),
            previous_since=picture.previous_since.isoformat(),
            reports=sum(picture.current.values()), previous_reports=sum(picture.previous.values()),
            by_side=picture.current, previous_by_side=picture.previous,
            new_links=picture.new_links, open_alerts=picture.open_alerts,
            areas=[AreaLinePublic.of(line) for line in picture.areas],
        )
