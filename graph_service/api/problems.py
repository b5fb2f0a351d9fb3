"""Errors as RFC 9457 problem details, rendered by one set of handlers.

Routes raise `Problem` (or let store errors propagate); nothing else builds error bodies,
so an error can never carry more than its title and a detail chosen here. A hidden object
and a missing one raise the same `not_found()`, byte for byte.

The OpenAPI document says so too: `install` makes every operation document its problem
answers (media type `application/problem+json`, schema `Problem`) in place of FastAPI's
default 422, and every authenticated operation the answers any of them may give (401, 403,
404, 503, 504). A route documents its own further answers (409, 413, 415...) itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

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
        response = _body(exc.status_code, _TITLES.get(exc.status_code, "Error"), detail, request.url.path)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = _allowed(app, request.url.path, response.headers.get("Allow", ""))
        return response

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

    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to amend it


def _allowed(app: FastAPI, path: str, allow: str) -> str:
    """The methods of every operation at `path`: Starlette's 405 names only its first route's."""
    methods = {method.strip() for method in allow.split(",") if method.strip()}
    for template, item in app.openapi().get("paths", {}).items():
        if compile_path(template)[0].match(path):
            methods |= {method.upper() for method in item if method in _HTTP_METHODS}
    return ", ".join(sorted(methods))


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error, as an RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "description": "The invalid parameters, on a 422.",
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

_DESCRIPTIONS = {
    400: "The body could not be parsed.",
    401: "Missing or invalid credentials (one answer for every reason).",
    403: "The caller's roles do not allow this operation.",
    404: "An object the request names is missing or hidden from the caller (one answer for both).",
    422: "A parameter or the body is invalid; `errors` names each one.",
    503: "The graph store is unavailable.",
    504: "The query ran past its time limit.",
}
_AUTHENTICATED = (401, 403, 404, 503, 504)
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    """The OpenAPI response object of a problem answer with `status`."""
    response: dict[str, Any] = {
        "description": description or _DESCRIPTIONS.get(status, _TITLES.get(status, "Error")),
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}, "required": True}
        }
    return response


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (an OpenAPI document) with the problem answers of every operation in it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422, never sent
        components.pop(name, None)
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _HTTP_METHODS:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            statuses = [*_AUTHENTICATED] if operation.get("security") else []
            if "422" in responses:
                statuses.append(422)
            if "requestBody" in operation:
                statuses += [400, 422]
            for status in statuses:
                responses[str(status)] = problem_response(status)
    return schema


_TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Invalid request", 429: "Too Many Requests",
}
