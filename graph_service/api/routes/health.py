"""Liveness and readiness probes (unauthenticated by design: they reveal no data)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from graph_service.api.deps import StateDep
from graph_service.store import expected_version

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Probe answer."""

    status: str
    neo4j: bool | None = None
    schema_version: int | None = None


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is alive."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(state: StateDep) -> JSONResponse:
    """Neo4j is reachable and the schema is at the version this code expects."""
    reachable = state.store.ping()
    ready = reachable and state.ensure_schema()
    body = Health(
        status="ready" if ready else "unavailable", neo4j=reachable,
        schema_version=expected_version() if ready else None,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
