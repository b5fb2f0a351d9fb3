"""The watchlist: analysts list the entries they may see; watchlist admins add and remove.

An entry's label is the marking given with it, which the admin must satisfy. Entries are
polyinstantiated (one per entity and label, see queries/watchlist.py): an entry the admin
may not see is never revealed, replaced or removed. Adding one for the same entity stores
the admin's alongside it, exactly as if it were not there; removing an entity that has only
hidden entries is the same 404 as removing one with none.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.pagination import CursorParam, decode_cursor, page_of, scope_of
from graph_service.api.params import MAX_KEY_CHARS, invalid
from graph_service.api.problems import not_found
from graph_service.api.schemas import Page, WatchCreate, WatchPublic
from graph_service.api.security import Caller, WatchlistAdminDep, require
from graph_service.audit import release
from graph_service.auth import Role
from graph_service.visibility import MarkingError
from queries import watchlist

router = APIRouter(prefix="/watchlist", tags=["watchlist"])

WatchReaderDep = Annotated[Caller, Depends(require(Role.ANALYST, Role.WATCHLIST_ADMIN, Role.ADMIN))]


@router.get("", response_model=Page[WatchPublic])
def list_watchlist(
    caller: WatchReaderDep,
    store: StoreDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: CursorParam = None,
) -> Page[WatchPublic]:
    """The entries the caller may see, newest first."""
    scope = scope_of("watchlist", {})
    page = watchlist.listing(
        store, caller.viewer, offset=decode_cursor(cursor, scope), limit=limit,
        timeout_s=settings.query_timeout_s,
    )
    return page_of(page, WatchPublic, scope)


@router.post("", response_model=WatchPublic, status_code=201)
def add_watch(
    request: Request, caller: WatchlistAdminDep, store: StoreDep, body: WatchCreate
) -> WatchPublic:
    """Add an entry for an entity, by `key` or by `kind` and `value`; it replaces the
    entry under the same marking, and no other."""
    if body.key is not None and body.kind is None and body.value is None:
        key = body.key
    elif body.key is None and body.kind is not None and body.value is not None:
        try:
            key = watchlist.entry_key(body.kind, body.value)
        except ValueError as exc:
            raise invalid("body.value", str(exc)) from None
    else:
        raise invalid("body.key", "give either key, or kind and value")
    try:
        entry = watchlist.add(
            store, caller.viewer, key, body.reason, body.marking, by=caller.principal.id,
            at=datetime.now(UTC),
        )
    except MarkingError as exc:
        raise invalid("body.marking", str(exc)) from None
    except watchlist.LabelNotHeld as exc:
        raise invalid("body.marking", str(exc)) from None
    release(request, [], changes=[
        {"watch": "added", "key": entry.key, "marking": body.marking, "vis": list(entry.vis)}
    ])
    return WatchPublic.model_validate(entry)


@router.delete("/{key:path}", status_code=204, response_class=Response)
def remove_watch(
    request: Request,
    caller: WatchlistAdminDep,
    store: StoreDep,
    key: Annotated[str, Path(min_length=1, max_length=MAX_KEY_CHARS)],
) -> Response:
    """Remove the entries of an entity that the caller may see."""
    if not watchlist.remove(store, caller.viewer, key):
        raise not_found()
    release(request, [], changes=[{"watch": "removed", "key": key}])
    return Response(status_code=204)
