"""The FastAPI application: routers, problem details, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from graph_service.alerts import Evaluator, alert_viewers
from graph_service.alerts.webhooks import Deliverer
from graph_service.api import console, problems
from graph_service.api.pointers import PointerPolicy
from graph_service.api.routes import (
    alerts,
    areas,
    audit,
    entities,
    exports,
    health,
    judgements,
    me,
    nexus,
    paths,
    picture,
    subscriptions,
    watchlist,
)
from graph_service.api.routes import ingest as ingest_routes
from graph_service.api.security import authenticate
from graph_service.api.state import AppState
from graph_service.audit import AuditLog, AuditMiddleware
from graph_service.auth import PrincipalStore, TokenValidator
from graph_service.jobs import Workers
from graph_service.runtime import open_store
from graph_service.settings import Settings, get_settings
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.taxii import Poller


def start_feeds(settings: Settings, store: Store) -> Poller | None:
    """The background TAXII poller, when NEXUS_FEEDS_POLL_S asks for one."""
    if not settings.feeds_poll_s:
        return None
    poller = Poller(
        store, lambda: Extractor(settings.spacy_model, batch_size=settings.extract_batch_size),
        settings.feeds_poll_s, settings.write_batch_size,
    )
    poller.start()
    return poller


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
        state: AppState = app.state.nexus
        if settings.alerts_enabled:
            principals = state.principals
            state.evaluator = Evaluator(
                store, settings, lambda: alert_viewers(principals), state.alert_doorbell
            )
            state.evaluator.start()  # its first sweep evaluates what a crash left marked
        deliverer = Deliverer(store, settings)
        deliverer.start()
        # The process's own ingest workers; they wait out a Neo4j not yet there.
        workers = app.state.workers = Workers(
            settings, store, settings.api_workers, state.audit,
            state.evaluator.stage if state.evaluator else None,
        )
        feeds = start_feeds(settings, store)
        try:
            yield
        finally:
            if feeds is not None:
                feeds.stop()
            workers.stop()
            deliverer.stop()
            if state.evaluator is not None:
                state.evaluator.stop()
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
    # Analyst queries.
    v1.include_router(entities.router)
    v1.include_router(paths.router)
    v1.include_router(nexus.router)
    v1.include_router(areas.router)
    v1.include_router(picture.router)
    v1.include_router(judgements.router)
    v1.include_router(watchlist.router)
    v1.include_router(exports.router)
    v1.include_router(alerts.router)
    v1.include_router(subscriptions.router)
    app.include_router(v1)
    console.install(app)
    return app
