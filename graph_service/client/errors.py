"""The client's exceptions: one tree, and the one place that maps an answer to it.

    NexusError
    ├── TransportError        the service could not be reached (after the retries)
    │   └── Timeout           no answer within the call's timeout
    └── ProblemError          the service answered with an RFC 9457 problem document
        ├── BadRequest            400
        ├── Unauthorized          401
        ├── Forbidden             403
        ├── NotFound              404 (missing and hidden are one answer)
        ├── ValidationFailed      422, `fields` names each invalid parameter
        ├── RateLimited           429, `retry_after` in seconds when the service says
        └── ServerError           5xx

A `ProblemError` carries the problem's fields as the service sent them (`status`, `title`,
`detail`, `type`, `instance`, `errors`), so a notebook can show exactly what went wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = [
    "BadRequest",
    "FieldError",
    "Forbidden",
    "NexusError",
    "NotFound",
    "ProblemError",
    "RateLimited",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "ValidationFailed",
    "problem_error",
]


class NexusError(Exception):
    """Base of every error the client raises."""


class TransportError(NexusError):
    """The service could not be reached, or the connection broke, after every retry."""


class Timeout(TransportError):
    """The service did not answer within the call's timeout."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid parameter of a 422: where (`query.limit`, `body.marking`) and why."""

    field: str
    message: str


class ProblemError(NexusError):
    """The service answered with a problem document (RFC 9457)."""

    def __init__(
        self, status: int, title: str, detail: str | None, *, type: str = "about:blank",
        instance: str | None = None, errors: list[FieldError] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else ""))
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.instance = instance
        self.errors = errors or []
        self.body = body or {}  # the whole document, extension members included


class BadRequest(ProblemError):
    """400: the body could not be parsed."""


class Unauthorized(ProblemError):
    """401: missing or invalid credentials."""


class Forbidden(ProblemError):
    """403: the principal's roles do not allow the operation."""


class NotFound(ProblemError):
    """404: the object is missing or hidden from the caller (one answer for both)."""


class ValidationFailed(ProblemError):
    """422: a parameter or the body is invalid; `fields` names each one."""

    @property
    def fields(self) -> list[str]:
        """The invalid parameters, e.g. `["query.limit"]`."""
        return [error.field for error in self.errors]


class RateLimited(ProblemError):
    """429: too many requests; `retry_after` is the wait the service asked for, if any."""

    retry_after: float | None = None


class ServerError(ProblemError):
    """5xx: the service failed (503: its store is unavailable; 504: a query timed out)."""


_BY_STATUS: dict[int, type[ProblemError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 422: ValidationFailed,
    429: RateLimited,
}


def retry_after(response: httpx.Response) -> float | None:
    """The `Retry-After` of an answer in seconds, when it is given as a number."""
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def problem_error(response: httpx.Response) -> ProblemError:
    """The exception for an error answer, from its problem document (or, when a proxy in
    between answered with something else, from its status line)."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        body = {}
    status = response.status_code
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else ProblemError)
    errors = [
        FieldError(str(e.get("field", "")), str(e.get("message", "")))
        for e in body.get("errors", []) if isinstance(e, dict)
    ]
    error = cls(
        status, str(body.get("title") or response.reason_phrase or "Error"),
        str(body["detail"]) if body.get("detail") is not None else None,
        type=str(body.get("type", "about:blank")), instance=body.get("instance"), errors=errors,
        body=body,
    )
    if isinstance(error, RateLimited):
        error.retry_after = retry_after(response)
    return error
