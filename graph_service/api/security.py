"""Authentication and role checks, as FastAPI dependencies.

Every `/v1` route takes one of the role dependencies below (or `CallerDep`, for routes open
to any authenticated principal). They resolve before the route's own parameters are
validated and before its body runs, so:

- missing, malformed, unknown, expired or revoked credentials are a 401 (with
  `WWW-Authenticate: Bearer`), one body for every reason;
- a principal whose roles do not admit the route gets a 403, one body for every route;
- neither depends on the object asked for, which is never looked up: a caller without
  access learns nothing about what exists.

Credentials: `Authorization: Bearer <credential>` or `X-API-Key: <key>`. A credential
starting `nxs_` is an API key (checked against the principals file), anything else a JWT
(checked against the OIDC configuration, when there is one). Two different credentials in
one request are refused rather than one of them picked. Both headers are declared as
security schemes, so the OpenAPI document marks every authenticated operation as such
(and schemathesis's `ignored_auth` check knows to try it without them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.openapi.models import APIKey, APIKeyIn, HTTPBearer
from fastapi.openapi.models import SecurityBase as SecuritySchemeModel
from fastapi.security.base import SecurityBase

from graph_service.api.deps import StateDep
from graph_service.api.problems import Problem
from graph_service.audit import identify
from graph_service.auth import KEY_PREFIX, InvalidToken, Principal, Role
from graph_service.visibility import Viewer

__all__ = [
    "AnalystDep",
    "AuditorDep",
    "Caller",
    "CallerDep",
    "IngestDep",
    "RoleCheck",
    "WatchlistAdminDep",
    "authenticate",
    "require",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated principal of a request and the viewer its queries run as."""

    principal: Principal
    viewer: Viewer


def _unauthorized() -> Problem:
    return Problem(
        401, "Unauthorized", "missing or invalid credentials", headers={"WWW-Authenticate": "Bearer"}
    )


class _CredentialHeader(SecurityBase):
    """A header that may carry the credential, declared in OpenAPI as security scheme `model`.

    As a dependency it gives the header's raw value (None when absent) and judges nothing:
    `authenticate` decides, from both headers together.
    """

    def __init__(self, header: str, scheme_name: str, model: SecuritySchemeModel) -> None:
        self.header = header
        self.scheme_name = scheme_name
        self.model = model

    def __call__(self, request: Request) -> str | None:
        return request.headers.get(self.header)


_BEARER = _CredentialHeader("authorization", "bearer", HTTPBearer(
    bearerFormat="API key (nxs_...) or OIDC JWT",
    description="`Authorization: Bearer <credential>`: an API key or a token of the configured issuer.",
))
_API_KEY = _CredentialHeader("x-api-key", "apiKey", APIKey.model_validate(
    {"in": APIKeyIn.header, "name": "X-API-Key", "description": "An API key (nxs_...)."}
))


def _credential(authorization: str | None, api_key: str | None) -> str:
    """The one credential the headers present; 401 when there is none or two differ."""
    presented: set[str] = set()
    if authorization is not None:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise _unauthorized()
        presented.add(value.strip())
    if api_key is not None:
        presented.add(api_key.strip())
    if len(presented) != 1:
        raise _unauthorized()
    credential = presented.pop()
    if not credential:
        raise _unauthorized()
    return credential


def authenticate(
    request: Request,
    state: StateDep,
    authorization: Annotated[str | None, Security(_BEARER)],
    api_key: Annotated[str | None, Security(_API_KEY)],
) -> Caller:
    """The caller presenting valid credentials; a 401 problem otherwise."""
    credential = _credential(authorization, api_key)
    principal: Principal | None
    if credential.startswith(f"{KEY_PREFIX}_"):
        principal = state.principals.authenticate_key(credential)
    elif state.tokens is None:
        principal = None
    else:
        try:
            principal = state.tokens.validate(credential)
        except InvalidToken as exc:
            log.info("bearer token refused: %s", exc)
            principal = None
    if principal is None:
        raise _unauthorized()
    identify(request, principal.id)
    return Caller(principal, principal.viewer())


class RoleCheck:
    """A dependency admitting callers that hold at least one of `roles`; 403 otherwise."""

    def __init__(self, roles: frozenset[Role]) -> None:
        if not roles:
            raise ValueError("a role check needs at least one role")
        self.roles = roles

    def __call__(self, caller: Annotated[Caller, Depends(authenticate)]) -> Caller:
        if caller.principal.roles.isdisjoint(self.roles):
            raise Problem(403, "Forbidden", "the caller's roles do not allow this operation")
        return caller

    def __repr__(self) -> str:
        return f"require({', '.join(sorted(self.roles))})"


def require(*roles: Role) -> RoleCheck:
    """A dependency for routes open to callers holding any one of `roles`."""
    return RoleCheck(frozenset(roles))


CallerDep = Annotated[Caller, Depends(authenticate)]
AnalystDep = Annotated[Caller, Depends(require(Role.ANALYST, Role.ADMIN))]
IngestDep = Annotated[Caller, Depends(require(Role.INGEST))]
WatchlistAdminDep = Annotated[Caller, Depends(require(Role.WATCHLIST_ADMIN, Role.ADMIN))]
AuditorDep = Annotated[Caller, Depends(require(Role.AUDITOR))]
