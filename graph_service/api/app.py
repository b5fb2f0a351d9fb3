"""The FastAPI application: routers, problem details, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from graph_service.api import console, problems
from graph_service.api.pointers import PointerPolicy
from graph_service.api.routes import (
    areas,
    audit,
    entities,
    exports,
    health,
    judgements,
    me,
    nexus,
    paths,
    watchlist,
)
from graph_service.api.routes import ingest as ingest_routes
from graph_service.api.security import authenticate
from graph_service.api.state import AppState
from graph_service.audit import AuditLog, AuditMiddleware
from graph_service.auth import PrincipalStore, TokenValidator
from graph_service.runtime import open_store
from graph_service.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for `settings` (the environment's by default)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The API never starts Neo4j itself: it serves /readyz red until Neo4j is there.
        store = open_store(settings, start_local=False)
        app.state.nexus = AppState(
            settings=settings, store=store, principals=PrincipalStore.from_settings(settings),
            tokens=TokenValidator.from_settings(settings), audit=AuditLog.from_settings(settings),
            pointers=PointerPolicy(settings),
        )
        app.state.nexus.ensure_schema()
        try:
            yield
        finally:
            jobs = getattr(app.state, "jobs", None)
            if jobs is not None:
                jobs.close()
            try:
                app.state.nexus.audit.close()  # signs a checkpoint of the final head
            finally:
                store.close()

    app = FastAPI(
        title="Nexus",
        version="0.1.0",
        summary="Knowledge-graph threat correlation, need-to-know enforced.",
        lifespan=lifespan,
        # The docs pages are served by `console` with local assets, not FastAPI's CDN ones.
        docs_url=None,
        redoc_url=None,
    )
    problems.install(app)
    app.add_middleware(AuditMiddleware)
    app.include_router(health.router)
    # Every /v1 route authenticates even if it forgot its role dependency (which it must
    # still declare: tests/security walks the routes for it).
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authenticate)])
    v1.include_router(me.router)
    v1.include_router(audit.router)
    v1.include_router(ingest_routes.router)
    # Analyst queries (issue 7).
    v1.include_router(entities.router)
    v1.include_router(paths.router)
    v1.include_router(nexus.router)
    v1.include_router(areas.router)
    v1.include_router(judgements.router)
    v1.include_router(watchlist.router)
    v1.include_router(exports.router)
    app.include_router(v1)
    console.install(app)
    return app
