"""Nexus search: ranked paths from law-enforcement evidence to intelligence subjects.

Start from one entity (`entity`), the entities of one report (`report`), or those of an
area's reports in a window (`area`, `since`, `until`; by default the 30 days up to the
area's newest report the caller may see): exactly one of the three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from graph_service.api.deps import StateDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import (
    MAX_KEY_CHARS,
    AsOf,
    IncludeHubs,
    Since,
    Until,
    aware,
    invalid,
)
from graph_service.api.problems import not_found
from graph_service.api.routes.picture import picture_window
from graph_service.api.schemas import NexusPage, NexusPublic, PointerPublic
from graph_service.api.security import AnalystDep, Caller
from graph_service.api.state import AppState
from graph_service.audit import release
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries import areas, nexus, pointers
from queries.hubs import HubPolicy
from queries.nexus import Nexus
from queries.pages import Page as QueryPage

router = APIRouter(tags=["nexus"])

@dataclass(frozen=True, slots=True)
class NexusParams:
    """The parameters of a nexus search, shared with its export."""

    entity: str | None
    report: str | None
    area: str | None
    since: datetime | None
    until: datetime | None
    max_hops: int
    include_hubs: bool
    as_of: datetime | None

    def scope(self) -> str:
        """The fingerprint of the list these parameters define."""
        return scope_of("nexus", {
            "entity": self.entity, "report": self.report, "area": self.area, "since": self.since,
            "until": self.until, "max_hops": self.max_hops, "include_hubs": self.include_hubs,
            "as_of": self.as_of,
        })


def nexus_params(
    entity: Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_CHARS)] = None,
    report: Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_CHARS)] = None,
    area: Annotated[str | None, Query(min_length=1, max_length=20)] = None,
    since: Since = None,
    until: Until = None,
    max_hops: Annotated[int, Query(ge=1, le=nexus.MAX_HOPS)] = nexus.DEFAULT_HOPS,
    include_hubs: IncludeHubs = False,
    as_of: AsOf = None,
) -> NexusParams:
    """Validated nexus parameters: exactly one start; a window only with an area (by
    default the 30 days up to the newest report of the area the caller may see, as a
    picture's: `run_nexus` sets it)."""
    if sum(x is not None for x in (entity, report, area)) != 1:
        raise invalid("query.entity", "give exactly one of entity, report and area")
    if area is None and (since or until):
        raise invalid("query.since", "a window is only for an area")
    return NexusParams(
        entity, report, area, aware(since), aware(until), max_hops, include_hubs, aware(as_of)
    )


NexusDep = Annotated[NexusParams, Depends(nexus_params)]


def run_nexus(
    store: Store, viewer: Viewer, settings: Settings, params: NexusParams, offset: int, limit: int
) -> QueryPage[Nexus]:
    """The nexus page for the caller, or the one 404 for an unknown or hidden start."""
    hubs = HubPolicy(include_hubs=params.include_hubs)
    timeout_s = settings.query_timeout_s
    found: QueryPage[Nexus] | None
    if params.entity is not None:
        found = nexus.nexus_from_entity(
            store, viewer, params.entity, max_hops=params.max_hops, hubs=hubs, as_of=params.as_of,
            offset=offset, limit=limit, timeout_s=timeout_s,
        )
    elif params.report is not None:
        found = nexus.nexus_from_report(
            store, viewer, params.report, max_hops=params.max_hops, hubs=hubs, as_of=params.as_of,
            offset=offset, limit=limit, timeout_s=timeout_s,
        )
    else:
        codes = areas.covered_codes(params.area or "")
        if codes is None:
            raise not_found()
        since, until = picture_window(
            store, viewer, codes, params.since, params.until, params.as_of, timeout_s
        )
        starts = areas.area_starts(store, viewer, codes, since, until, timeout_s=timeout_s)
        found = nexus.nexus_search(
            store, viewer, starts, max_hops=params.max_hops, hubs=hubs,
            as_of=params.as_of or until, offset=offset, limit=limit, skip_hub_starts=True,
            timeout_s=timeout_s,
        )
    if found is None:
        raise not_found()
    return found


def pointers_for(
    caller: Caller, state: AppState, params: NexusParams, offset: int
) -> list[tuple[PointerPublic, dict[str, Any]]]:
    """The pointer of the first page of an entity's search, when the caller's policy
    allows one and a nexus of the entity exists only above the caller, each with its
    audit entry (reference, entity, and the subjects and reports behind it)."""
    if not caller.principal.pointers or params.entity is None or offset != 0:
        return []
    policy = state.pointers
    if not policy.ask(state.store, caller.principal.id):
        return []  # the question counted; the budget is spent, so nothing is looked for
    hidden = pointers.hidden_nexus(
        state.store, caller.viewer, policy.ceiling(caller.viewer), params.entity,
        max_hops=params.max_hops, hubs=HubPolicy(include_hubs=params.include_hubs),
        as_of=params.as_of, timeout_s=state.settings.query_timeout_s,
    )
    if hidden is None:
        return []
    pointer = policy.pointer()
    audit = {"ref": pointer.ref, "entity": hidden.entity, "subjects": list(hidden.subjects),
             "reports": list(hidden.report_ids)}
    return [(PointerPublic.model_validate(pointer), audit)]


@router.get("/nexus", response_model=NexusPage)
def nexus_search(
    request: Request,
    caller: AnalystDep,
    store: StoreDep,
    state: StateDep,
    params: NexusDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: CursorParam = None,
) -> NexusPage:
    """Ranked nexus paths, highest score first, each hop with its evidence; for callers
    the pointer policy names, a pointer when a link exists only above their level."""
    scope = params.scope()
    offset = decode_cursor(cursor, scope)
    page = run_nexus(store, caller.viewer, state.settings, params, offset, limit)
    issued = pointers_for(caller, state, params, offset)
    release(
        request, [rid for n in page.items for rid in n.report_ids()],
        pointers=[audit for _, audit in issued],
    )
    listed = page_of(page, NexusPublic, scope)
    return NexusPage(**dict(listed), pointers=[pointer for pointer, _ in issued])
