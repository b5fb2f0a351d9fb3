"""OIDC / JWT bearer tokens: validation against the configured issuer and key set.

A token is accepted only when all of these hold:

- its header names an algorithm in ALGORITHMS (RS256 or ES256: asymmetric only, so never
  `none`, and never HS256 verified with a public key as the shared secret) and a `kid`;
- the key set has a key with that `kid` whose own algorithm is the header's;
- the signature verifies, `iss` is NEXUS_OIDC_ISSUER, `aud` contains NEXUS_OIDC_AUDIENCE,
  `exp` has not passed and `nbf` (if present) has, each within NEXUS_OIDC_LEEWAY_S;
- the Nexus claims below are well-formed and compile to a viewer.

Claims mapped to the principal (names prefixed `nexus_` so they never collide with an
identity provider's own claims):

    sub                    required; the principal id is `oidc:<sub>` (API-key principals
                           have `usr_...` ids, so the two can never be confused)
    name                   display name (default: sub)
    nexus_roles            list of role names: analyst, ingest, watchlist_admin, auditor, admin
    nexus_clearance        "U" | "C" | "S" | "TS" (default "U")
    nexus_compartments     list of SCI compartments, e.g. ["SI", "TK"]
    nexus_citizenship      list of ISO 3166 trigraphs, e.g. ["USA"]
    nexus_authorizations   list of dissemination controls: "LES", "ORCON", "CUI"
    nexus_agency           home agency (string)
    nexus_side             "LE" | "INTEL" | "OPEN"

Token principals never receive pointers and are never cross-domain feeds: those are
decisions made per API-key principal with `nexus users add`.

NEXUS_OIDC_JWKS_URL is an https URL (fetched and cached by PyJWKClient, refreshed when an
unknown `kid` appears), or a `file://` URL or a plain path to a JWKS JSON file (re-read
when it changes): deployments with a mounted key set and tests need no network.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse
from urllib.request import url2pathname

import jwt

from graph_service.auth.errors import AuthConfigError, InvalidToken
from graph_service.auth.principals import Principal, Role, parse_clearance
from graph_service.settings import Settings

__all__ = ["ALGORITHMS", "ID_PREFIX", "TokenValidator", "principal_from_claims"]

ALGORITHMS = ("RS256", "ES256")
ID_PREFIX = "oidc:"
_REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
_JWKS_CACHE_S = 300
_JWKS_TIMEOUT_S = 10


class _KeySource(Protocol):
    def signing_key(self, kid: str) -> jwt.PyJWK: ...


class _RemoteKeys:
    """A JWKS over HTTPS, cached by PyJWKClient."""

    def __init__(self, url: str) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=_JWKS_CACHE_S, timeout=_JWKS_TIMEOUT_S)

    def signing_key(self, kid: str) -> jwt.PyJWK:
        try:
            return self._client.get_signing_key(kid)
        except jwt.PyJWKClientError as exc:
            raise InvalidToken(f"no usable key for kid {kid!r}: {exc}") from exc


class _FileKeys:
    """A JWKS JSON file, re-read when its modification time or size changes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: jwt.PyJWKSet | None = None
        self._current()  # a missing or unusable file stops start-up, not the first login

    def signing_key(self, kid: str) -> jwt.PyJWK:
        try:
            return self._current()[kid]
        except KeyError:
            raise InvalidToken(f"no key with kid {kid!r} in {self._path}") from None

    def _current(self) -> jwt.PyJWKSet:
        try:
            st = self._path.stat()
        except OSError as exc:
            raise AuthConfigError(f"cannot read the JWKS file {self._path}: {exc}") from exc
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            if self._keys is None or stamp != self._stamp:
                try:
                    self._keys = jwt.PyJWKSet.from_dict(json.loads(self._path.read_text()))
                except (OSError, ValueError, jwt.PyJWTError) as exc:
                    raise AuthConfigError(f"unusable JWKS file {self._path}: {exc}") from exc
                self._stamp = stamp
            return self._keys


def _key_source(jwks: str) -> _KeySource:
    parsed = urlparse(jwks)
    if parsed.scheme == "file":
        return _FileKeys(Path(url2pathname(parsed.path)))
    if parsed.scheme in ("http", "https"):
        return _RemoteKeys(jwks)
    if parsed.scheme:
        raise AuthConfigError(f"unsupported JWKS location {jwks!r}: use https://, file:// or a path")
    return _FileKeys(Path(jwks))


class TokenValidator:
    """Validates bearer JWTs and maps their claims to a Principal (see the module doc)."""

    def __init__(self, issuer: str, audience: str, jwks: str, leeway_s: int = 30) -> None:
        if not issuer or not audience:
            # Without them PyJWT would skip the check: any token of the key set would pass.
            raise AuthConfigError("OIDC needs both NEXUS_OIDC_ISSUER and NEXUS_OIDC_AUDIENCE")
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self._keys = _key_source(jwks)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenValidator | None:
        """The validator configured by NEXUS_OIDC_*; None when OIDC is not configured."""
        if not settings.oidc_jwks_url:
            if settings.oidc_issuer or settings.oidc_audience:
                raise AuthConfigError("NEXUS_OIDC_ISSUER/AUDIENCE are set but NEXUS_OIDC_JWKS_URL is not")
            return None
        return cls(
            issuer=settings.oidc_issuer or "", audience=settings.oidc_audience or "",
            jwks=settings.oidc_jwks_url, leeway_s=settings.oidc_leeway_s,
        )

    def validate(self, token: str) -> Principal:
        """The principal `token` speaks for; InvalidToken when it is not acceptable."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"malformed token: {exc}") from exc
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ALGORITHMS:
            raise InvalidToken(f"algorithm {algorithm!r} is not accepted")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("the token names no key (kid)")
        key = self._keys.signing_key(kid)
        if key.algorithm_name != algorithm:
            # A key is used only with its own algorithm, whatever the token header claims.
            raise InvalidToken(f"key {kid!r} is for {key.algorithm_name}, the token says {algorithm}")
        try:
            claims: dict[str, Any] = jwt.decode(
                token, key=key.key, algorithms=[algorithm], audience=self.audience,
                issuer=self.issuer, leeway=self.leeway_s, options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"token rejected: {exc}") from exc
        return principal_from_claims(claims)


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """Map validated claims to a Principal; InvalidToken if a Nexus claim is malformed."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise InvalidToken("sub must be a non-empty string")
    try:
        return Principal(
            id=f"{ID_PREFIX}{sub}",
            name=_optional_str(claims, "name") or sub,
            roles=frozenset(Role(r) for r in _str_list(claims, "nexus_roles")),
            clearance=parse_clearance(_optional_str(claims, "nexus_clearance") or "U"),
            compartments=frozenset(_str_list(claims, "nexus_compartments")),
            citizenship=frozenset(_str_list(claims, "nexus_citizenship")),
            authorizations=frozenset(_str_list(claims, "nexus_authorizations")),
            agency=_optional_str(claims, "nexus_agency"),
            side=_optional_str(claims, "nexus_side"),
        )
    except ValueError as exc:  # unknown role, clearance, side, compartment, country...
        raise InvalidToken(f"unusable Nexus claims for {sub!r}: {exc}") from exc


def _str_list(claims: dict[str, Any], name: str) -> list[str]:
    value = claims.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidToken(f"claim {name} must be a list of strings")
    return value


def _optional_str(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidToken(f"claim {name} must be a string")
    return value
