"""Authentication and role checks over HTTP: 401 for bad credentials, 403 for a wrong role.

The two route-walking tests read `/openapi.json`, so a route added later without
authentication, or without a role check, fails them without anyone editing this file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graph_service.auth import AuthConfigError, InvalidToken, Role, TokenValidator, principal_from_claims
from graph_service.settings import Settings
from graph_service.visibility import Level, Viewer
from tests.conftest import ApiServer
from tests.security.conftest import AUDIENCE, ISSUER, Identities, TokenIssuer

# Routes any authenticated principal may call, whatever its roles. Everything else under
# /v1 must answer 403 to a principal without roles.
OPEN_TO_ANY_PRINCIPAL = {("GET", "/v1/me")}


def _me(api: ApiServer, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(f"{api.url}/v1/me", headers=headers)


def _assert_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "missing or invalid credentials"


def _v1_operations(api: ApiServer) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation) for every /v1 operation the API publishes."""
    spec = httpx.get(f"{api.url}/openapi.json").json()
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items() if path.startswith("/v1/")
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _call(
    api: ApiServer, method: str, path: str, operation: dict[str, Any], headers: dict[str, str]
) -> httpx.Response:
    url = api.url + re.sub(r"\{[^}]+\}", "1", path)  # dummy path parameters
    body: dict[str, Any] | None = {} if "requestBody" in operation else None
    return httpx.request(method, url, headers=headers, timeout=30, json=body)


# ------------------------------------------------------------------ API keys


def test_no_credentials_is_401(secured_api: ApiServer) -> None:
    _assert_401(_me(secured_api, {}))


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer nxs_bad"},
        {"Authorization": "Bearer nxs_0123456789abcdef_not-a-real-secret"},
        {"X-API-Key": "nxs_0123456789abcdef_not-a-real-secret"},
        {"X-API-Key": ""},
        {"Authorization": "Bearer not-a-jwt"},
    ],
    ids=["basic", "bearer-empty", "malformed-key", "unknown-key", "unknown-x-api-key",
         "empty-x-api-key", "garbage-token"],
)
def test_bad_credentials_are_401(secured_api: ApiServer, headers: dict[str, str]) -> None:
    _assert_401(_me(secured_api, headers))


def test_a_known_key_id_with_a_wrong_secret_is_401(secured_api: ApiServer, identities: Identities) -> None:
    prefix, key_id, _secret = identities.keys["analyst"].split("_", 2)
    _assert_401(_me(secured_api, {"X-API-Key": f"{prefix}_{key_id}_wrong-secret"}))


def test_two_different_credentials_are_401(secured_api: ApiServer, identities: Identities) -> None:
    headers = {"Authorization": f"Bearer {identities.keys['analyst']}", "X-API-Key": identities.keys["admin"]}
    _assert_401(_me(secured_api, headers))


def test_a_valid_key_authenticates_by_either_header(secured_api: ApiServer, identities: Identities) -> None:
    key = identities.keys["analyst"]
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        response = _me(secured_api, headers)
        assert response.status_code == 200, response.text
        assert response.json()["id"] == identities.principals["analyst"].id


def test_me_shows_roles_clearance_and_token_count_never_tokens(
    secured_api: ApiServer, identities: Identities
) -> None:
    body = _me(secured_api, identities.headers("admin")).json()
    admin = identities.principals["admin"]
    assert body == {
        "id": admin.id, "name": "admin", "roles": ["admin"], "clearance": "TOP SECRET//SI",
        "agency": None, "side": None, "pointers": False, "cross_domain": False,
        "tokens": len(admin.viewer().tokens),
    }


def test_a_key_added_while_the_server_runs_works_at_once_and_revoked_is_401(
    secured_api: ApiServer, identities: Identities
) -> None:
    key = identities.add("temporary", [Role.ANALYST])
    assert _me(secured_api, {"X-API-Key": key}).status_code == 200
    identities.store.revoke(identities.principals["temporary"].id)
    _assert_401(_me(secured_api, {"X-API-Key": key}))


def test_rotation_stops_the_old_key_and_starts_the_new(
    secured_api: ApiServer, identities: Identities
) -> None:
    old = identities.add("rotating", [Role.ANALYST])
    assert _me(secured_api, {"X-API-Key": old}).status_code == 200
    new = identities.store.rotate(identities.principals["rotating"].id)
    _assert_401(_me(secured_api, {"X-API-Key": old}))
    assert _me(secured_api, {"X-API-Key": new}).status_code == 200


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize("label", ["analyst", "ingest", "watchlist_admin", "admin", "roleless"])
def test_a_role_that_is_not_admitted_is_403(
    secured_api: ApiServer, identities: Identities, label: str
) -> None:
    for path in ("/v1/audit", "/v1/audit/verify"):
        response = httpx.get(f"{secured_api.url}{path}", headers=identities.headers(label))
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == "the caller's roles do not allow this operation"


def test_the_admitted_role_gets_through(secured_api: ApiServer, identities: Identities) -> None:
    response = httpx.get(f"{secured_api.url}/v1/audit/verify", headers=identities.headers("auditor"))
    assert response.status_code == 200, response.text


# ------------------------------------------------------------------ OIDC bearer tokens


def test_a_good_rs256_token_maps_its_claims(secured_api: ApiServer, issuer: TokenIssuer) -> None:
    response = _me(secured_api, {"Authorization": f"Bearer {issuer.token()}"})
    assert response.status_code == 200, response.text
    expected = Viewer.from_attributes("oidc:alice", Level.TOP_SECRET, ["SI", "TK"], ["USA"], ["LES"])
    assert response.json() == {
        "id": "oidc:alice", "name": "Alice Analyst", "roles": ["analyst"],
        "clearance": "TOP SECRET//SI/TK", "agency": "FBI", "side": "LE", "pointers": False,
        "cross_domain": False, "tokens": len(expected.tokens),
    }


def test_a_good_es256_token_is_accepted(secured_api: ApiServer, issuer: TokenIssuer) -> None:
    assert _me(secured_api, {"Authorization": f"Bearer {issuer.token('ES256')}"}).status_code == 200


def test_a_token_role_is_checked_like_a_key_role(secured_api: ApiServer, issuer: TokenIssuer) -> None:
    headers = {"Authorization": f"Bearer {issuer.token()}"}
    assert httpx.get(f"{secured_api.url}/v1/audit", headers=headers).status_code == 403
    auditor = {"Authorization": f"Bearer {issuer.token(nexus_roles=['auditor'])}"}
    assert httpx.get(f"{secured_api.url}/v1/audit", headers=auditor).status_code == 200


def _forged_with_another_key(issuer: TokenIssuer) -> str:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(issuer.claims(), other, algorithm="RS256", headers={"kid": "rsa-1"})


def _alg_none(issuer: TokenIssuer) -> str:
    return jwt.encode(issuer.claims(), "", algorithm="none", headers={"kid": "rsa-1"})


def _hs256_with_the_public_key(issuer: TokenIssuer) -> str:
    # The classic confusion attack: the RSA public key (which is public) as an HMAC secret.
    pem = issuer.rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"kid": "rsa-1", "alg": "HS256", "typ": "JWT"}

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(issuer.claims()).encode())}"
    signature = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


BAD_TOKENS: dict[str, Callable[[TokenIssuer], str]] = {
    "expired": lambda i: i.token(exp=1_000_000_000, iat=999_999_000),
    "not-yet-valid": lambda i: i.token(nbf=4_000_000_000),
    "wrong-audience": lambda i: i.token(aud="someone-else"),
    "wrong-issuer": lambda i: i.token(iss="https://evil.test.invalid"),
    "no-expiry": lambda i: i.token(exp=None),
    "no-subject": lambda i: i.token(sub=None),
    "wrong-signature": _forged_with_another_key,
    "alg-none": _alg_none,
    "hs256-with-public-key": _hs256_with_the_public_key,
    "rsa-token-naming-the-ec-key": lambda i: i.token("RS256", kid="ec-1"),
    "unknown-kid": lambda i: i.token(kid="rsa-unknown"),
    "unknown-role": lambda i: i.token(nexus_roles=["superuser"]),
    "bad-clearance": lambda i: i.token(nexus_clearance="COSMIC"),
    "roles-not-a-list": lambda i: i.token(nexus_roles="analyst"),
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_bad_tokens_are_401(secured_api: ApiServer, issuer: TokenIssuer, kind: str) -> None:
    token = BAD_TOKENS[kind](issuer)
    _assert_401(_me(secured_api, {"Authorization": f"Bearer {token}"}))


def test_expiry_allows_the_configured_leeway(secured_api: ApiServer, issuer: TokenIssuer) -> None:
    token = issuer.token(exp=int(time.time()) - 5)  # within the default 30 s leeway
    assert _me(secured_api, {"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"nexus_roles": ["analyst", 3]},
        {"nexus_compartments": ["NOT-A-COMPARTMENT"]},
        {"nexus_citizenship": ["US"]},
        {"nexus_authorizations": ["TOPSECRETSAUCE"]},
        {"nexus_side": "MARKETING"},
        {"nexus_clearance": "U", "nexus_compartments": ["SI"]},
        {"name": 7},
    ],
)
def test_malformed_nexus_claims_are_refused(claims: dict[str, Any]) -> None:
    with pytest.raises(InvalidToken):
        principal_from_claims({"sub": "bob", "aud": AUDIENCE, **claims})


def test_claims_without_nexus_attributes_give_the_least_privilege() -> None:
    principal = principal_from_claims({"sub": "carol"})
    assert principal.id == "oidc:carol"
    assert principal.roles == frozenset()
    assert principal.viewer().tokens == {"lvl:U"}


# ------------------------------------------------------------------ every route


def test_every_v1_route_requires_authentication(secured_api: ApiServer, identities: Identities) -> None:
    operations = _v1_operations(secured_api)
    assert operations, "no /v1 routes published"
    bodies = set()
    for method, path, operation in operations:
        response = _call(secured_api, method, path, operation, {})
        assert response.status_code == 401, f"{method} {path}: {response.status_code} without credentials"
        _assert_401(response)
        body = response.json()
        bodies.add((body["title"], body["detail"]))
    assert len(bodies) == 1  # one answer, whatever the route


def test_every_v1_route_checks_a_role(secured_api: ApiServer, identities: Identities) -> None:
    for method, path, operation in _v1_operations(secured_api):
        response = _call(secured_api, method, path, operation, identities.headers("roleless"))
        if (method, path) in OPEN_TO_ANY_PRINCIPAL:
            assert response.status_code != 403, f"{method} {path}"
        else:
            assert response.status_code == 403, f"{method} {path} has no role check ({response.status_code})"


# ------------------------------------------------------------------ OIDC configuration


def test_oidc_is_off_unless_a_key_set_is_configured(tmp_path: Path) -> None:
    assert TokenValidator.from_settings(Settings(env="test", var_dir=tmp_path)) is None
    with pytest.raises(AuthConfigError):
        TokenValidator.from_settings(Settings(env="test", var_dir=tmp_path, oidc_issuer="https://idp"))


@pytest.mark.parametrize(
    ("iss", "aud", "jwks"),
    [
        ("", AUDIENCE, "jwks.json"),  # no issuer: PyJWT would accept any
        ("https://idp", "", "jwks.json"),  # no audience: tokens for other apps would pass
        ("https://idp", AUDIENCE, "missing.json"),
        ("https://idp", AUDIENCE, "ftp://idp/jwks.json"),
    ],
)
def test_an_unusable_oidc_configuration_stops_start_up(
    issuer: TokenIssuer, iss: str, aud: str, jwks: str
) -> None:
    location = jwks if "://" in jwks else str(issuer.jwks_path.parent / jwks)
    with pytest.raises(AuthConfigError):
        TokenValidator(issuer=iss, audience=aud, jwks=location)


def test_a_jwks_file_may_be_named_by_plain_path_or_file_url(issuer: TokenIssuer) -> None:
    for location in (str(issuer.jwks_path), issuer.jwks_path.as_uri()):
        validator = TokenValidator(issuer=ISSUER, audience=AUDIENCE, jwks=location)
        assert validator.validate(issuer.token()).id == "oidc:alice"
