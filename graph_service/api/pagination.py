"""Opaque cursors for offset pagination over a fully ranked list.

A cursor is the offset of the next page bound to a fingerprint of the request's other
parameters, base64url-encoded. It carries no data, so it is the same for every world a
viewer cannot tell apart; a cursor replayed with different parameters, or mangled, is a
422 naming `cursor`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from fastapi import Query

from graph_service.api.params import invalid
from graph_service.api.schemas import Page, Record
from queries.pages import Page as QueryPage

__all__ = ["CursorParam", "decode_cursor", "encode_cursor", "page_of", "scope_of"]

M = TypeVar("M", bound=Record)

_NOT_A_CURSOR = "not a cursor of this list"

CursorParam = Annotated[
    str | None,
    Query(max_length=200, description="`next_cursor` of the previous page, unchanged."),
]


def scope_of(route: str, params: Mapping[str, Any]) -> str:
    """A fingerprint of `route` and the parameters that define its list (not the page)."""
    canonical = json.dumps({"route": route, **params}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def encode_cursor(offset: int, scope: str) -> str:
    """The cursor of the page starting at `offset` of the list `scope` names."""
    raw = f"{offset}:{scope}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, scope: str) -> int:
    """The offset a cursor points at (0 without one); a 422 naming `cursor` otherwise."""
    if cursor is None:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        offset_text, _, bound = base64.urlsafe_b64decode(padded).decode("ascii").partition(":")
        offset = int(offset_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("query.cursor", _NOT_A_CURSOR) from None
    if bound != scope or offset < 0:
        raise invalid("query.cursor", _NOT_A_CURSOR)
    return offset


def page_of(page: QueryPage[Any], model: type[M], scope: str) -> Page[M]:
    """The response page of `page`, its items read into `model`, with the next cursor."""
    following = page.next_offset
    return Page[model](  # type: ignore[valid-type]  # a class parameter, known only here
        items=[model.model_validate(item) for item in page.items], total=page.total,
        next_cursor=None if following is None else encode_cursor(following, scope),
        truncated=page.truncated,
    )
