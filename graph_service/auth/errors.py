"""Exceptions of the auth package.

    Exception
    └── AuthError
        ├── InvalidToken          a bearer token is malformed, expired, mis-signed or for someone else
        ├── UnknownPrincipal      no active principal has that id
        ├── PrincipalStoreError   the principals file cannot be read or is corrupt
        └── AuthConfigError       OIDC settings are incomplete or unusable

Messages never contain a key, a token or a secret: they end up in logs.
"""

from __future__ import annotations

__all__ = ["AuthConfigError", "AuthError", "InvalidToken", "PrincipalStoreError", "UnknownPrincipal"]


class AuthError(Exception):
    """Base class of the errors raised by `graph_service.auth`."""


class InvalidToken(AuthError):
    """A bearer token cannot be accepted (the reason is for logs, never for the caller)."""


class UnknownPrincipal(AuthError):
    """No active (unrevoked) principal has the given id."""


class PrincipalStoreError(AuthError):
    """The principals file cannot be read, parsed or written."""


class AuthConfigError(AuthError):
    """The OIDC configuration is incomplete or its key set cannot be used."""
