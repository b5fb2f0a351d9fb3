"""Requests as values: what each `/v1` operation sends and how its answer is read.

Both clients execute the same `Call`s, so a request is built once (here and in
`_operations`) and only the sending differs between `Nexus` and `AsyncNexus`. Every
builder is tagged with the `Operation` it calls, which is how the OpenAPI coverage test
knows which operations have a client method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, cast
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

R = TypeVar("R")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
F = TypeVar("F", bound=Callable[..., Any])

Scalar = str | int | float | bool | datetime
ParamValue = Scalar | Sequence[str] | None


class PageLike(Protocol[T_co]):
    """What a list answer has: its items and the cursor of the next page."""

    @property
    def items(self) -> Sequence[T_co]: ...

    @property
    def next_cursor(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the API: its method and OpenAPI path template."""

    method: str
    path: str

    def builds(self, builder: F) -> F:
        """Tag `builder` as the request builder of this operation."""
        builder.operation = self  # type: ignore[attr-defined]  # read by the coverage test
        return builder

    def url(self, **path: str) -> str:
        """The path with its parameters filled in, each quoted whole (keys may hold '/')."""
        return self.path.format(**{name: quote(value, safe="") for name, value in path.items()})


def query(params: Mapping[str, ParamValue]) -> tuple[tuple[str, str], ...]:
    """Query parameters as the API reads them: None left out, lists repeated, booleans
    and date-times in their JSON spelling."""
    out: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, bool):
                out.append((name, "true" if item else "false"))
            elif isinstance(item, datetime):
                out.append((name, item.isoformat()))
            else:
                out.append((name, str(item)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Call(Generic[R]):
    """One request and the reader of its successful answer. `timeout` None: the
    client's default."""

    operation: Operation
    url: str
    parse: Callable[[httpx.Response], R]
    params: tuple[tuple[str, str], ...] = ()
    json: Any = None
    content: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = None

    def with_cursor(self, cursor: str | None) -> Call[R]:
        """The same request for the page at `cursor` (the first page for None)."""
        if cursor is None:
            return self
        return replace(self, params=(*self.params, ("cursor", cursor)))


@dataclass(frozen=True, slots=True)
class ListCall(Generic[T]):
    """A cursor-paginated list: the first page's request, and at most `max_items` items
    in all (None: every item)."""

    first: Call[PageLike[T]]
    max_items: int | None


def model(cls: type[R]) -> Callable[[httpx.Response], R]:
    """The reader of an answer holding one `cls` (a pydantic model) as JSON."""
    validate: Callable[[bytes], R] = cls.model_validate_json  # type: ignore[attr-defined]

    def parse(response: httpx.Response) -> R:
        return validate(response.content)

    return parse


def models(cls: type[T]) -> Callable[[httpx.Response], list[T]]:
    """The reader of an answer holding a JSON array of `cls` (a pydantic model)."""
    adapter = TypeAdapter(list[cls])  # type: ignore[valid-type]

    def parse(response: httpx.Response) -> list[T]:
        return cast(list[T], adapter.validate_json(response.content))

    return parse


def raw(response: httpx.Response) -> bytes:
    """The answer's body as it came (an export file)."""
    return response.content


def nothing(response: httpx.Response) -> None:
    """An answer without a body (204)."""
    return None
