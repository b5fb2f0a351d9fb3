"""The operations console (`/console`) and the API docs pages (`/docs`, `/redoc`), served
from files that `make setup` builds from npm packages into `console/dist`.

The console is static: a page and its scripts, which call the `/v1` API with the
credentials the user types in, as any other client does. So it adds no data path, and
every need-to-know rule of the API applies to it unchanged. Nothing here reads the graph.

Everything a page loads comes from this service: the console's own bundle, and the
Swagger UI and ReDoc assets copied from their npm packages (FastAPI's default pages load
them from a CDN, which leaves `/docs` blank on a closed network). The console's
Content-Security-Policy says so to the browser as well: a script that tried to reach
another host would be refused.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from graph_service.api.problems import Problem

__all__ = ["CONSOLE_CSP", "DIST", "install"]

DIST = Path(__file__).resolve().parents[2] / "console" / "dist"
"""Where `npm run build` (run by `make setup`) writes the console and the docs assets."""

CONSOLE_CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    # ... and the one-rule stylesheet Cytoscape.js inserts for its container
    # (`.__________cytoscape_container { position: relative; }`), by its hash.
    "style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])
"""Only this service, for every kind of request the console makes."""

_NOT_BUILT = "the console is not built: run `make setup` (npm ci and npm run build in console/)"


class _BuiltFiles(StaticFiles):
    """Files of the console build; a clear 503 when the build is missing, and the
    console's security headers on every answer."""

    def __init__(self, directory: Path, headers: dict[str, str]) -> None:
        super().__init__(directory=directory, html=True, check_dir=False)
        self.root = directory
        self.extra_headers = headers

    async def check_config(self) -> None:
        # Starlette checks the directory before every answer until it once exists.
        if not self.root.is_dir():
            raise Problem(503, "Service Unavailable", _NOT_BUILT)
        await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(self.extra_headers)
        return response


def install(app: FastAPI, dist: Path = DIST) -> None:
    """Serve the console under /console and the docs pages with local assets.

    The app must be created with `docs_url=None, redoc_url=None`, so that FastAPI's CDN
    pages are not registered first.
    """
    console_headers = {
        "Content-Security-Policy": CONSOLE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        # The page holds credentials in memory: never cache it where another user may look.
        "Cache-Control": "no-store",
    }
    docs_headers = {"X-Content-Type-Options": "nosniff"}
    app.mount("/console", _BuiltFiles(dist, console_headers), name="console")
    app.mount("/docs-assets", _BuiltFiles(dist / "docs", docs_headers), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect = "/docs/oauth2-redirect"

    @app.get("/console", include_in_schema=False)
    def console_root() -> RedirectResponse:
        return RedirectResponse("/console/")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url, title=f"{app.title} API",
            swagger_js_url="/docs-assets/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/docs-assets/swagger-ui/favicon-32x32.png",
            oauth2_redirect_url=oauth2_redirect,
            # Swagger UI otherwise sends the document to an online validator for a badge.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url, title=f"{app.title} API",
            redoc_js_url="/docs-assets/redoc/redoc.standalone.js",
            redoc_favicon_url="/docs-assets/swagger-ui/favicon-32x32.png",
            with_google_fonts=False,
        )
