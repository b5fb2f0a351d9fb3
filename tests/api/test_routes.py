"""No route hides another: every declared route is the first to match its own paths.

A `{key:path}` parameter (entity keys hold slashes and colons) matches anything below its
prefix, so a route declared after it under the same prefix would never be reached, and
nothing else would say so. The routes are read from the app in the order they are
declared (with their converters, which the OpenAPI document drops), checked against that
document so none is missed, and matched with Starlette's own path patterns: a new route is
covered the moment it exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, compile_path

from graph_service.api.app import create_app
from graph_service.settings import Settings


def concrete(template: str) -> str:
    """A path the template matches: each parameter filled with a plain word."""
    return re.sub(r"\{[^}:]+(:[^}]+)?\}", "x1", template)


def shadowed(routes: list[tuple[str, str]]) -> list[str]:
    """Each (method, template) that an earlier route of the same method answers instead."""
    found = []
    for i, (method, template) in enumerate(routes):
        path = concrete(template)
        for earlier_method, earlier in routes[:i]:
            pattern, _, _ = compile_path(earlier)
            if earlier_method == method and earlier != template and pattern.match(path):
                found.append(f"{method} {template} is answered by {earlier}")
                break
    return found


def declared(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, template) of every API route, in the order the app tries them (an included
    router keeps its routes behind `original_router` and its prefix in `include_context`)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from declared(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, prefix + route.path


def test_every_route_answers_its_own_paths(settings: Settings) -> None:
    app = create_app(settings)
    routes = list(declared(app.routes))
    documented = {(m.upper(), t) for t, ops in app.openapi()["paths"].items() for m in ops}
    assert documented <= {(m, re.sub(r":[^}]+\}", "}", t)) for m, t in routes}  # none missed
    assert shadowed(routes) == []


def test_a_route_declared_after_a_catch_all_is_caught() -> None:
    routes = [("GET", "/v1/entities/{key:path}"), ("GET", "/v1/entities/recent"),
              ("DELETE", "/v1/entities/recent")]
    assert shadowed(routes) == ["GET /v1/entities/recent is answered by /v1/entities/{key:path}"]
    # Declared first, it is reached.
    assert shadowed(routes[1::-1]) == []
