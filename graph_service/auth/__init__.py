"""Who is calling: principals and roles, API keys (`principals`), OIDC bearer tokens (`tokens`).

The API's FastAPI dependencies that use them live in `graph_service.api.security`.
"""

from graph_service.auth.errors import (
    AuthConfigError,
    AuthError,
    InvalidToken,
    PrincipalStoreError,
    UnknownPrincipal,
)
from graph_service.auth.principals import (
    KEY_PREFIX,
    SIDES,
    Principal,
    PrincipalStore,
    Role,
    StoredPrincipal,
    clearance_code,
    parse_clearance,
)
from graph_service.auth.tokens import ALGORITHMS, ID_PREFIX, TokenValidator, principal_from_claims

__all__ = [
    "ALGORITHMS",
    "ID_PREFIX",
    "KEY_PREFIX",
    "SIDES",
    "AuthConfigError",
    "AuthError",
    "InvalidToken",
    "Principal",
    "PrincipalStore",
    "PrincipalStoreError",
    "Role",
    "StoredPrincipal",
    "TokenValidator",
    "UnknownPrincipal",
    "clearance_code",
    "parse_clearance",
    "principal_from_claims",
]
