"""The caller's own identity: who the API thinks you are, and what you are cleared for."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from graph_service.api.security import CallerDep

router = APIRouter(tags=["me"])


class MePublic(BaseModel):
    """The authenticated principal, without its credentials or its tokens."""

    id: str
    name: str
    roles: list[str]
    clearance: str
    agency: str | None
    side: str | None
    pointers: bool
    cross_domain: bool
    tokens: int


@router.get("/me", response_model=MePublic)
def me(caller: CallerDep) -> MePublic:
    """The caller: id, roles, clearance banner and how many authorization tokens it holds."""
    principal = caller.principal
    return MePublic(
        id=principal.id, name=principal.name, roles=sorted(principal.roles),
        clearance=principal.clearance_banner(), agency=principal.agency, side=principal.side,
        pointers=principal.pointers, cross_domain=principal.cross_domain,
        tokens=len(caller.viewer.tokens),
    )
