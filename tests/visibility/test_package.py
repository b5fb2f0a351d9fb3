"""The package's public surface."""

from __future__ import annotations

import graph_service.visibility as visibility
from graph_service.visibility import (
    AccessExpressionError,
    MarkingError,
    ViewerError,
    VisibilityError,
)


def test_all_is_exactly_the_public_surface():
    assert sorted(visibility.__all__) == sorted(
        name for name in vars(visibility) if not name.startswith("_")
        and name not in {"errors", "expression", "markings", "viewer"}
    )
    for name in visibility.__all__:
        assert getattr(visibility, name) is not None


def test_one_exception_base():
    for error in (AccessExpressionError, MarkingError, ViewerError):
        assert issubclass(error, VisibilityError)
    assert issubclass(VisibilityError, ValueError)
