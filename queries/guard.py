"""The last line of need-to-know: every label a query returns is re-checked before it leaves.

The visibility filter sits inside every Cypher query; this module checks its output in
Python with the viewer's own evaluator. A rejected element means a query is wrong, so the
request fails closed (`VisibilityBreach`, answered as a bare 500) and the breach is logged
with the query name only: the label and the element stay out of the log line's reach of
anyone who reads error bodies.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import NoReturn

from graph_service.visibility import Viewer
from queries.errors import QueryError

__all__ = ["VisibilityBreach", "breach", "check", "check_all", "tokens"]

log = logging.getLogger(__name__)


class VisibilityBreach(QueryError, RuntimeError):
    """A query returned an element the viewer may not see: a bug, never shown to anyone."""


def tokens(viewer: Viewer) -> list[str]:
    """The viewer's tokens as the `$tokens` parameter (encoded, sorted for plan caching)."""
    return sorted(viewer.query_tokens)


def breach(viewer: Viewer, what: str) -> NoReturn:
    """Fail closed: a query answered `viewer` with something it may not see."""
    log.error("visibility breach in %s for principal %s", what, viewer.principal)
    raise VisibilityBreach(what)


def check(viewer: Viewer, label: Sequence[str] | None, what: str) -> None:
    """Fail closed unless `viewer` may see `label` (None, a missing label, denies)."""
    if label is None or isinstance(label, str) or not viewer.can_see(list(label)):
        breach(viewer, what)


def check_all(viewer: Viewer, labels: Iterable[Sequence[str] | None], what: str) -> None:
    """`check` every label of `labels`."""
    for label in labels:
        check(viewer, label, what)
