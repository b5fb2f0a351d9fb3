"""Exceptions of the visibility package.

    ValueError
    └── VisibilityError
        ├── AccessExpressionError   an access expression is malformed, too deep or too complex
        ├── MarkingError            a classification marking is unparseable or inconsistent
        └── ViewerError             a viewer's attributes do not compile to tokens

Each error quotes the offending input (cut to an excerpt when very long) so that an
operator can find it in the source data. Labels and markings are metadata, never report
content, so quoting them leaks nothing.

The errors pickle with their fields intact: ingest runs in worker processes and its
errors cross the process boundary.
"""

from __future__ import annotations

__all__ = ["AccessExpressionError", "MarkingError", "ViewerError", "VisibilityError"]

# Enough for any real label or banner; beyond it, an error message would become a dump.
_EXCERPT_CHARS = 200


def _excerpt(text: str) -> str:
    """`text` quoted, cut to _EXCERPT_CHARS characters."""
    if len(text) <= _EXCERPT_CHARS:
        return repr(text)
    return f"{text[:_EXCERPT_CHARS]!r}... ({len(text)} characters)"


class VisibilityError(ValueError):
    """Base class: a label, marking or viewer that cannot be used for access decisions."""


class AccessExpressionError(VisibilityError):
    """An access expression is malformed, nested too deeply or too complex to store."""

    def __init__(self, expression: str, position: int | None, reason: str) -> None:
        self.expression = expression
        self.position = position
        self.reason = reason
        where = "" if position is None else f" at position {position}"
        super().__init__(f"access expression {_excerpt(expression)} rejected{where}: {reason}")

    def __reduce__(self) -> tuple[type[AccessExpressionError], tuple[str, int | None, str]]:
        return (type(self), (self.expression, self.position, self.reason))


class MarkingError(VisibilityError):
    """A classification marking cannot be parsed or is self-contradictory."""

    def __init__(self, marking: str, reason: str) -> None:
        self.marking = marking
        self.reason = reason
        super().__init__(f"unparseable marking {_excerpt(marking)}: {reason}")

    def __reduce__(self) -> tuple[type[MarkingError], tuple[str, str]]:
        return (type(self), (self.marking, self.reason))


class ViewerError(VisibilityError):
    """A viewer's clearance, compartments, citizenship or authorizations are not valid."""

    def __init__(self, principal: str, reason: str) -> None:
        self.principal = principal
        self.reason = reason
        super().__init__(f"invalid viewer {_excerpt(principal)}: {reason}")

    def __reduce__(self) -> tuple[type[ViewerError], tuple[str, str]]:
        return (type(self), (self.principal, self.reason))
