"""Principals and the API-key store: hashes only, atomic private file, live reload, and
viewer tokens that agree with the markings they are checked against."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graph_service.auth import Principal, PrincipalStore, PrincipalStoreError, Role, UnknownPrincipal
from graph_service.visibility import Level, Marking, MarkingError, ViewerError, dominates, evaluate
from tests.conftest import ROOT

COMPARTMENTS = ["SI", "TK", "HCS", "SI-G", "HCS-P"]
COUNTRIES = ["USA", "GBR", "CAN", "AUS", "FRA"]
AUTHORIZATIONS = ["LES", "ORCON", "CUI"]
CONTROLS = ["NOFORN", "ORCON", "LES", "CUI"]


class CountingHasher(PasswordHasher):
    """argon2id, counting verifications (to show each attempt costs exactly one hash)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8 * 1024, parallelism=1)
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture
def store(tmp_path: Path) -> PrincipalStore:
    return PrincipalStore(tmp_path / "var" / "principals.json")


def _add(store: PrincipalStore, name: str = "Dana", **attributes: Any) -> tuple[Principal, str]:
    defaults: dict[str, Any] = {"roles": [Role.ANALYST], "clearance": "S", "citizenship": ["USA"]}
    return store.add(name=name, **{**defaults, **attributes})


# ------------------------------------------------------------------ the file


def test_only_argon2id_hashes_of_keys_are_stored(store: PrincipalStore) -> None:
    principal, key = _add(store)
    text = store.path.read_text()
    _prefix, key_id, secret = key.split("_", 2)
    assert key not in text
    assert secret not in text
    entry = json.loads(text)["principals"][principal.id]
    assert entry["key"]["id"] == key_id
    assert entry["key"]["hash"].startswith("$argon2id$")
    assert PasswordHasher().verify(entry["key"]["hash"], key)


def test_the_file_is_private_and_replaced_atomically(store: PrincipalStore) -> None:
    _add(store)
    _add(store, "Eve")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    leftovers = [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_corrupt_file_fails_closed(store: PrincipalStore) -> None:
    _, key = _add(store)
    store.path.write_text("{not json")
    with pytest.raises(PrincipalStoreError):
        store.authenticate_key(key)


def test_keys_have_the_documented_shape(store: PrincipalStore) -> None:
    _, key = _add(store)
    prefix, key_id, secret = key.split("_", 2)
    assert prefix == "nxs"
    assert len(key_id) == 16
    assert len(secret) >= 43  # 32 random bytes, url-safe base64


# ------------------------------------------------------------------ keys


def test_authenticate_key(store: PrincipalStore) -> None:
    principal, key = _add(store)
    prefix, key_id, _ = key.split("_", 2)
    assert store.authenticate_key(key) == principal
    assert store.authenticate_key(f"{prefix}_{key_id}_wrong") is None
    assert store.authenticate_key(f"{prefix}_{'0' * 16}_whatever") is None
    assert store.authenticate_key("nxs_short") is None
    assert store.authenticate_key("") is None
    assert store.authenticate_key(key + "x") is None


def test_each_attempt_costs_one_hash_known_key_id_or_not(tmp_path: Path) -> None:
    hasher = CountingHasher()
    store = PrincipalStore(tmp_path / "principals.json", hasher=hasher)
    _, key = _add(store)
    prefix, key_id, _ = key.split("_", 2)
    for attempt in (f"{prefix}_{key_id}_wrong", f"{prefix}_{'f' * 16}_wrong"):
        before = hasher.verifications
        assert store.authenticate_key(attempt) is None
        assert hasher.verifications == before + 1, attempt


def test_a_verified_key_is_not_rehashed_until_the_file_changes(tmp_path: Path) -> None:
    hasher = CountingHasher()
    store = PrincipalStore(tmp_path / "principals.json", hasher=hasher)
    principal, key = _add(store)
    store.authenticate_key(key)
    before = hasher.verifications
    assert store.authenticate_key(key) == principal
    assert hasher.verifications == before
    _add(store, "Other")  # any change to the file forgets verified keys
    assert store.authenticate_key(key) == principal
    assert hasher.verifications == before + 1


def test_revoke_stops_the_key_and_keeps_the_record(store: PrincipalStore) -> None:
    principal, key = _add(store)
    store.revoke(principal.id)
    assert store.authenticate_key(key) is None
    assert store.get(principal.id) is None
    [listed] = store.list()
    assert listed.principal == principal
    assert listed.revoked is not None
    with pytest.raises(UnknownPrincipal):
        store.revoke(principal.id)
    with pytest.raises(UnknownPrincipal):
        store.rotate(principal.id)


def test_rotate_replaces_the_key(store: PrincipalStore) -> None:
    principal, old = _add(store)
    new = store.rotate(principal.id)
    assert new != old
    assert store.authenticate_key(old) is None
    assert store.authenticate_key(new) == principal


def test_unknown_ids_are_refused(store: PrincipalStore) -> None:
    with pytest.raises(UnknownPrincipal):
        store.rotate("usr_nobody")


def test_a_running_reader_sees_another_writer_at_once(store: PrincipalStore) -> None:
    reader = PrincipalStore(store.path)
    principal, key = _add(store)
    assert reader.authenticate_key(key) == principal
    new = store.rotate(principal.id)
    assert reader.authenticate_key(key) is None
    assert reader.authenticate_key(new) == principal
    store.revoke(principal.id)
    assert reader.authenticate_key(new) is None


# ------------------------------------------------------------------ principals


@pytest.mark.parametrize(
    ("attributes", "error"),
    [
        ({"clearance": "U", "compartments": ["SI"]}, ValueError),
        ({"compartments": ["NOPE"]}, ViewerError),
        ({"citizenship": ["United States"]}, ViewerError),
        ({"authorizations": ["GOD MODE"]}, ViewerError),
        ({"side": "SALES"}, ValueError),
        ({"clearance": "COSMIC"}, ValueError),
        ({"roles": ["superuser"]}, ValueError),
        ({"citizenship": "USA"}, TypeError),
    ],
)
def test_invalid_attributes_are_refused_before_anything_is_written(
    store: PrincipalStore, attributes: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        _add(store, **attributes)
    assert not store.path.exists()


def test_the_clearance_banner(store: PrincipalStore) -> None:
    principal, _ = _add(store, clearance="TS", compartments=["si-g", "TK"])
    assert principal.clearance_banner() == "TOP SECRET//SI-G/TK"
    assert principal.compartments == {"SI-G", "TK"}


def _nexus(args: list[str], var: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEXUS_ENV": "test", "NEXUS_VAR_DIR": str(var)}
    return subprocess.run(
        [sys.executable, "-c", "from graph_service.cli import app; app()", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_nexus_users_add_list_rotate_revoke(tmp_path: Path) -> None:
    added = _nexus(
        ["users", "add", "--name", "Frank", "--role", "analyst", "--role", "watchlist_admin",
         "--clearance", "S", "--compartment", "SI", "--citizenship", "USA", "--authorization", "LES",
         "--agency", "FBI", "--side", "LE", "--pointers"],
        tmp_path,
    )
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    store = PrincipalStore(tmp_path / "principals.json")
    principal = store.authenticate_key(key)
    assert principal is not None
    assert (principal.roles, principal.agency, principal.side, principal.pointers) == (
        frozenset({Role.ANALYST, Role.WATCHLIST_ADMIN}), "FBI", "LE", True
    )
    listed = _nexus(["users", "list"], tmp_path)
    assert principal.id in listed.stdout
    assert key not in listed.stdout + listed.stderr
    rotated = _nexus(["users", "rotate", principal.id], tmp_path)
    assert rotated.returncode == 0
    assert store.authenticate_key(key) is None
    assert store.authenticate_key(rotated.stdout.strip()) == principal
    assert _nexus(["users", "revoke", principal.id], tmp_path).returncode == 0
    assert store.authenticate_key(rotated.stdout.strip()) is None
    assert _nexus(["users", "revoke", principal.id], tmp_path).returncode == 1


def test_nexus_users_add_refuses_bad_attributes(tmp_path: Path) -> None:
    result = _nexus(["users", "add", "--name", "G", "--role", "analyst", "--compartment", "BOGUS"], tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""  # no key printed
    assert not (tmp_path / "principals.json").exists()


# ------------------------------------------------------------------ tokens agree with markings


@st.composite
def principals(draw: st.DrawFn) -> Principal:
    clearance = draw(st.sampled_from(list(Level)))
    compartments = draw(st.frozensets(st.sampled_from(COMPARTMENTS)))
    assume(not compartments or clearance > Level.UNCLASSIFIED)
    return Principal(
        id="usr_hypothesis", name="H", roles=frozenset(), clearance=clearance, compartments=compartments,
        citizenship=draw(st.frozensets(st.sampled_from(COUNTRIES))),
        authorizations=draw(st.frozensets(st.sampled_from(AUTHORIZATIONS))),
    )


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    try:
        return Marking(
            level=draw(st.sampled_from(list(Level))),
            compartments=draw(st.frozensets(st.sampled_from(COMPARTMENTS), max_size=2)),
            dissem=draw(st.frozensets(st.sampled_from(CONTROLS), max_size=2)),
            rel_to=draw(st.frozensets(st.sampled_from(COUNTRIES), max_size=3)),
        )
    except MarkingError:
        assume(False)
        raise


def _may_see(principal: Principal, marking: Marking) -> bool:
    """The need-to-know rule written out from the attributes, independently of tokens."""
    held = set(principal.compartments) | {c.split("-")[0] for c in principal.compartments}
    if principal.clearance < marking.level or not marking.compartments <= held:
        return False
    if not (marking.dissem - {"NOFORN"}) <= principal.authorizations:
        return False
    if "NOFORN" in marking.dissem:
        releasable: set[str] | None = {"USA"}
    elif marking.rel_to:
        releasable = set(marking.rel_to)
    else:
        releasable = {"USA"} if marking.level > Level.UNCLASSIFIED else None
    return releasable is None or bool(releasable & principal.citizenship)


@given(principals(), markings())
def test_a_principal_sees_a_marking_exactly_when_its_attributes_allow(
    principal: Principal, marking: Marking
) -> None:
    viewer = principal.viewer()
    expected = _may_see(principal, marking)
    assert evaluate(marking.expression(), viewer.tokens) == expected
    assert viewer.can_see(marking.cnf()) == expected


@given(principals(), markings(), markings())
def test_seeing_a_marking_means_seeing_every_marking_it_dominates(
    principal: Principal, a: Marking, b: Marking
) -> None:
    if dominates(a, b) and principal.viewer().can_see(a.cnf()):
        assert principal.viewer().can_see(b.cnf())


@given(principals(), markings())
def test_a_higher_clearance_never_sees_less(principal: Principal, marking: Marking) -> None:
    higher = Principal(
        id=principal.id, name=principal.name, roles=principal.roles, clearance=Level.TOP_SECRET,
        compartments=principal.compartments, citizenship=principal.citizenship,
        authorizations=principal.authorizations,
    )
    if principal.viewer().can_see(marking.cnf()):
        assert higher.viewer().can_see(marking.cnf())


@settings(max_examples=20, deadline=None)
@given(principals())
def test_a_stored_principal_keeps_its_tokens(principal: Principal) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = PrincipalStore(Path(tmp) / "principals.json", hasher=CountingHasher())
        stored, key = store.add(
            name=principal.name, roles=principal.roles, clearance=principal.clearance,
            compartments=principal.compartments, citizenship=principal.citizenship,
            authorizations=principal.authorizations,
        )
        reloaded = PrincipalStore(store.path).authenticate_key(key)
        assert reloaded is not None
        assert reloaded.viewer().tokens == stored.viewer().tokens == principal.viewer().tokens
