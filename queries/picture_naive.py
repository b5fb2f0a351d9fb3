"""The pictures computed the naive way, from reports and mentions without any tally: the
benchmark's baseline and the tests' reference (a tally picture must equal its naive twin).

`naive_area_activity` and `naive_area_entities` scan every report filed against the area
and keep those of the two windows; `naive_picture_links` reads every visible LE and INTEL
mention of every person, organisation and facility. The national picture runs the area
scan once per area code.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.areas import (
    ACTIVITY_LIMIT,
    ENTITY_LIMIT,
    Activity,
    AreaPicture,
    assemble,
    covered_codes,
    open_alerts,
)
from queries.guard import tokens
from queries.hubs import DEFAULT_HUBS, HubPolicy
from queries.nodes import SUBJECT_KINDS
from queries.picture import LINK_AREA_LIMIT, NationalPicture, reference_codes, summarise

__all__ = ["naive_area_picture", "naive_national_picture"]


def _params(viewer: Viewer, codes: list[str], since: datetime, until: datetime) -> dict[str, object]:
    return {
        "codes": codes, "tokens": tokens(viewer), "previous": (since - (until - since)).isoformat(),
        "since": since.isoformat(), "until": until.isoformat(),
    }


def naive_area_picture(
    store: Store, viewer: Viewer, code: str, since: datetime, until: datetime, *, top: int = 10,
    max_hops: int = 2, hubs: HubPolicy = DEFAULT_HUBS, as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> AreaPicture | None:
    """`areas.area_picture`, counted from every report of the area."""
    codes = covered_codes(code)
    if codes is None:
        return None
    params = _params(viewer, list(codes), since, until)
    activity = tuple(
        Activity(r["side"], r["agency"], int(r["current"]), int(r["previous"]))
        for r in store.read("naive_area_activity", {**params, "limit": ACTIVITY_LIMIT}, timeout_s)
    )
    rows = store.read("naive_area_entities", {**params, "limit": ENTITY_LIMIT}, timeout_s)
    alerts = sum(open_alerts(store, viewer, codes, timeout_s=timeout_s).values())
    return assemble(
        store, viewer, code, codes, since, until, activity, rows, alerts, top=top,
        max_hops=max_hops, hubs=hubs, as_of=as_of, timeout_s=timeout_s,
    )


def naive_national_picture(
    store: Store, viewer: Viewer, since: datetime, until: datetime, *, timeout_s: float | None = None,
) -> NationalPicture:
    """`picture.national_picture`, counted from every report of every area and every
    mention of every subject."""
    by_code: dict[str, Counter[tuple[str, str]]] = {}
    codes = reference_codes()
    for code in codes:
        counts: Counter[tuple[str, str]] = Counter()
        for r in store.read("naive_area_activity", {
            **_params(viewer, [code], since, until), "limit": ACTIVITY_LIMIT,
        }, timeout_s):
            counts[("current", r["side"])] += int(r["current"])
            counts[("previous", r["side"])] += int(r["previous"])
        by_code[code] = +counts
    rows = store.read("naive_picture_links", {
        "tokens": tokens(viewer), "since": since.isoformat(), "until": until.isoformat(),
        "kinds": sorted(SUBJECT_KINDS), "limit": LINK_AREA_LIMIT,
    }, timeout_s)
    links = {r["area"]: int(r["links"]) for r in rows}
    return summarise(since, until, by_code, links, open_alerts(store, viewer, codes, timeout_s=timeout_s))
