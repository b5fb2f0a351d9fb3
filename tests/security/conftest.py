"""A secured API over HTTP: principals for every role, an OIDC key set in a file, the audit log.

The server runs on the session's Neo4j with its own var directory, so its principals file
and audit log belong to these tests alone. Principals are created the way an operator
does, through `PrincipalStore.add` on the server's principals file, before it starts (and
during tests, which the running server picks up at once).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from graph_service.auth import Principal, PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.conftest import ApiServer, api_env

ISSUER = "https://idp.test.invalid/realms/nexus"
AUDIENCE = "nexus-api"
AUDIT_KEY = "security-tests-audit-key"
CHECKPOINT_EVERY = 5


@dataclass
class Identities:
    """The principals file of the secured server and a key for each principal made here."""

    store: PrincipalStore
    keys: dict[str, str] = field(default_factory=dict)
    principals: dict[str, Principal] = field(default_factory=dict)

    def add(self, label: str, roles: list[Role], clearance: str = "S", **attributes: Any) -> str:
        """Create principal `label` on the server's file; return its API key."""
        principal, key = self.store.add(name=label, roles=roles, clearance=clearance, **attributes)
        self.keys[label] = key
        self.principals[label] = principal
        return key

    def headers(self, label: str) -> dict[str, str]:
        """Headers authenticating as `label`."""
        return {"Authorization": f"Bearer {self.keys[label]}"}


@dataclass
class TokenIssuer:
    """Signs JWTs the way the configured identity provider would (RS256 and ES256 keys)."""

    rsa_key: rsa.RSAPrivateKey
    ec_key: ec.EllipticCurvePrivateKey
    jwks_path: Path

    def claims(self, **overrides: Any) -> dict[str, Any]:
        """Valid claims for subject `alice`, with `overrides` applied (None removes a claim)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "iat": now, "exp": now + 600,
            "name": "Alice Analyst", "nexus_roles": ["analyst"], "nexus_clearance": "TS",
            "nexus_compartments": ["SI", "TK"], "nexus_citizenship": ["USA"],
            "nexus_authorizations": ["LES"], "nexus_agency": "FBI", "nexus_side": "LE",
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, algorithm: str = "RS256", kid: str | None = None, **overrides: Any) -> str:
        """A token signed with the published key for `algorithm`."""
        key: Any = self.rsa_key if algorithm == "RS256" else self.ec_key
        default_kid = "rsa-1" if algorithm == "RS256" else "ec-1"
        headers = {"kid": kid or default_kid}
        return jwt.encode(self.claims(**overrides), key, algorithm=algorithm, headers=headers)


def _jwk(public: dict[str, Any], kid: str, alg: str) -> dict[str, Any]:
    return {**public, "kid": kid, "alg": alg, "use": "sig"}


@pytest.fixture(scope="session")
def security_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The secured server's var directory."""
    return tmp_path_factory.mktemp("secured-var")


@pytest.fixture(scope="session")
def issuer(security_var: Path) -> TokenIssuer:
    """An identity provider whose key set is a JWKS file (no network)."""
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    jwks = {"keys": [
        _jwk(RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), "rsa-1", "RS256"),
        _jwk(ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True), "ec-1", "ES256"),
    ]}
    path = security_var / "jwks.json"
    path.write_text(json.dumps(jwks))
    return TokenIssuer(rsa_key, ec_key, path)


@pytest.fixture(scope="session")
def identities(security_var: Path) -> Identities:
    """One principal per role, one with no role, made before the server starts."""
    ids = Identities(PrincipalStore(security_var / "principals.json"))
    ids.add("analyst", [Role.ANALYST], citizenship=["USA"], authorizations=["LES"])
    ids.add("ingest", [Role.INGEST])
    ids.add("watchlist_admin", [Role.WATCHLIST_ADMIN])
    ids.add("auditor", [Role.AUDITOR], clearance="U")
    ids.add("admin", [Role.ADMIN], clearance="TS", compartments=["SI"], citizenship=["USA"])
    ids.add("roleless", [])
    return ids


@pytest.fixture(scope="session")
def secured_api(
    settings: Settings, neo4j_uri: str, store: Store, security_var: Path, identities: Identities,
    issuer: TokenIssuer,
) -> Iterator[ApiServer]:
    """The API over HTTP with OIDC configured and the audit log in `security_var/audit`."""
    env = api_env(
        settings, neo4j_uri, NEXUS_VAR_DIR=str(security_var), NEXUS_AUDIT_KEY=AUDIT_KEY,
        NEXUS_AUDIT_CHECKPOINT_EVERY=str(CHECKPOINT_EVERY), NEXUS_OIDC_ISSUER=ISSUER,
        NEXUS_OIDC_AUDIENCE=AUDIENCE, NEXUS_OIDC_JWKS_URL=issuer.jwks_path.as_uri(),
    )
    server = ApiServer(env, security_var / "api.log")
    yield server
    server.stop()
