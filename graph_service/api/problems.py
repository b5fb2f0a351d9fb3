"""Errors as RFC 9457 problem details, rendered by one set of handlers.

Routes raise `Problem` (or let store errors propagate); nothing else builds error bodies,
so an error can never carry more than its title and a detail chosen here. A hidden object
and a missing one raise the same `not_found()`, byte for byte.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_service.store import QueryTimeout, StoreUnavailable

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error answered to the caller as a problem document."""

    def __init__(
        self, status: int, title: str, detail: str | None = None, *,
        headers: Mapping[str, str] | None = None, **extra: Any,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})  # e.g. WWW-Authenticate on a 401
        self.extra = extra


def not_found() -> Problem:
    """The one answer for an object that is missing or that the caller may not see."""
    return Problem(404, "Not Found", "no such object")


def _body(status: int, title: str, detail: str | None, instance: str, **extra: Any) -> JSONResponse:
    content: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        content["detail"] = detail
    content["instance"] = instance
    content.update(extra)
    return JSONResponse(content, status_code=status, media_type=MEDIA_TYPE)


def install(app: FastAPI) -> None:
    """Register the problem-details handlers on `app`."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        response = _body(exc.status, exc.title, exc.detail, request.url.path, **exc.extra)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in err["loc"]), "message": err["msg"]}
            for err in exc.errors()
        ]
        names = ", ".join(e["field"] for e in errors)
        return _body(422, "Invalid request", f"invalid: {names}", request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return _body(exc.status_code, _TITLES.get(exc.status_code, "Error"), detail, request.url.path)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        log.warning("store unavailable: %s", exc)
        return _body(503, "Service Unavailable", "the graph store is unavailable", request.url.path)

    @app.exception_handler(QueryTimeout)
    async def _timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        return _body(504, "Query Timeout", "the query ran past its time limit", request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return _body(500, "Internal Server Error", None, request.url.path)


_TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Invalid request", 429: "Too Many Requests",
}
