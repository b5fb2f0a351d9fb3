"""One audit record per HTTP request, written before the response leaves (fail closed).

The middleware is pure ASGI. It lets the request run, and when the application sends the
response head (`http.response.start`) it first appends the audit record: the principal
the security dependencies identified (`identify`), the route template, the path and query
parameters, the status, and what the route said it released (`release`). Only then does the
head go out. So:

- if the audit write fails, no byte of the response has been sent and the failure
  propagates as an exception, which Starlette's outermost error middleware answers with a
  500 problem: a request is never served unaudited;
- an exception that escapes the application before a response head is recorded with
  status 500, then re-raised for the same 500 answer;
- a streaming response (SSE) is recorded when its head is sent; what it streams later is
  not covered by that record, so streaming routes call `release` before returning and
  audit their events themselves.

The liveness and readiness probes (`/healthz`, `/readyz`) are not recorded: orchestrators
poll them every few seconds, they take no parameters and reveal no data, and recording
them would bury the requests that matter. Every other path is, including unknown ones
(their route is the literal path, as no template matched).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.requests import Request
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.audit.log import AuditEntry, AuditLog

__all__ = ["UNAUDITED_PATHS", "AuditMiddleware", "identify", "release"]

log = logging.getLogger(__name__)

UNAUDITED_PATHS = frozenset({"/healthz", "/readyz"})
# Parameters are recorded to say what was asked, not to archive payloads: a longer value
# is cut, and the cut is marked so that nobody mistakes it for the whole value.
_MAX_VALUE_CHARS = 1000
_MAX_PATH_CHARS = 300
_PRINCIPAL_KEY = "audit_principal"
_RELEASE_KEY = "audit_release"


@dataclass(slots=True)
class _Release:
    """What the route released: report ids (in order, once each), withheld count, pointers;
    and what it changed."""

    report_ids: dict[str, None] = field(default_factory=dict)
    withheld: int = 0
    pointers: list[Mapping[str, Any]] = field(default_factory=list)
    changes: list[Mapping[str, Any]] = field(default_factory=list)


def identify(request: Request, principal_id: str) -> None:
    """Name the authenticated principal of `request` in its audit record."""
    setattr(request.state, _PRINCIPAL_KEY, principal_id)


def release(
    request: Request,
    report_ids: Iterable[str],
    withheld: int = 0,
    pointers: Iterable[Mapping[str, Any]] = (),
    changes: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Record in `request`'s audit entry the report ids whose content the response carries,
    how many items were withheld from the caller, and the pointers issued (reference, entity
    and the evidence behind each, for the desk that answers it), and what a write changed.

    May be called several times per request; the calls add up.
    """
    if withheld < 0:
        raise ValueError("withheld must not be negative")
    state = request.state
    stash: _Release | None = getattr(state, _RELEASE_KEY, None)
    if stash is None:
        stash = _Release()
        setattr(state, _RELEASE_KEY, stash)
    stash.report_ids.update(dict.fromkeys(report_ids))
    stash.withheld += withheld
    stash.pointers.extend(pointers)
    stash.changes.extend(changes)


class _RouteTemplates:
    """Request path -> the OpenAPI path template it matched (`/v1/entities/{key}`)."""

    def __init__(self, openapi_paths: Iterable[str]) -> None:
        # OpenAPI lists paths in route order, and Starlette takes the first route that
        # matches, so the first matching template here is the one that served the request.
        self._templates = [(compile_path(path)[0], path) for path in openapi_paths]

    def template(self, path: str) -> str | None:
        for regex, template in self._templates:
            if regex.match(path):
                return template
        return None


class AuditMiddleware:
    """ASGI middleware appending one record per request to the app's `AuditLog`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._templates: _RouteTemplates | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNAUDITED_PATHS:
            await self.app(scope, receive, send)
            return
        audit_log: AuditLog = scope["app"].state.nexus.audit
        attempted = False

        async def audited_send(message: Message) -> None:
            nonlocal attempted
            if message["type"] == "http.response.start" and not attempted:
                attempted = True
                await self._record(audit_log, scope, message["status"])
            await send(message)

        try:
            await self.app(scope, receive, audited_send)
        except Exception:
            if not attempted:
                attempted = True
                # Raised before any response: the error middleware outside answers 500.
                await self._record(audit_log, scope, 500)
            raise

    async def _record(self, audit_log: AuditLog, scope: Scope, status: int) -> None:
        entry = self._entry(scope, status)
        try:
            await anyio.to_thread.run_sync(audit_log.append, entry)
        except Exception:
            log.exception("audit write failed for %s %s: failing the request", entry.method, entry.route)
            raise

    def _entry(self, scope: Scope, status: int) -> AuditEntry:
        state: dict[str, Any] = scope.get("state", {})
        released: _Release = state.get(_RELEASE_KEY) or _Release()
        path: str = scope["path"]
        route = self._route_templates(scope).template(path)
        return AuditEntry(
            principal=state.get(_PRINCIPAL_KEY),
            route=route if route is not None else _cut(path, _MAX_PATH_CHARS),
            method=scope["method"],
            params={
                "path": {k: _cut(str(v), _MAX_VALUE_CHARS) for k, v in scope.get("path_params", {}).items()},
                "query": _query(scope.get("query_string", b"")),
            },
            status=status,
            released=list(released.report_ids),
            withheld=released.withheld,
            pointers=released.pointers,
            changes=released.changes,
        )

    def _route_templates(self, scope: Scope) -> _RouteTemplates:
        if self._templates is None:
            # Built on first use: routers are all included by then, and the schema is cached.
            self._templates = _RouteTemplates(scope["app"].openapi().get("paths", {}))
        return self._templates


def _query(query_string: bytes) -> dict[str, str | list[str]]:
    """Query parameters; a repeated name keeps all its values, in order."""
    out: dict[str, str | list[str]] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        value = _cut(value, _MAX_VALUE_CHARS)
        existing = out.get(name)
        if existing is None:
            out[name] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            out[name] = [existing, value]
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}...[{len(text)} chars]"
