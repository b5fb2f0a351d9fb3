"""Principals (who may call the API), their roles, and the API-key store.

Invariants:

- A `Principal` is valid when built: its attributes compile to a `Viewer` (unknown
  compartments, countries or authorizations are errors), so any principal the API
  accepts has a well-defined token set.
- An API key `nxs_<keyid>_<secret>` is shown once, by `add` or `rotate`, and never stored:
  the file keeps its argon2id hash under its key id, so verifying a key costs one hash
  whatever the number of principals. An unknown key id costs one hash too (against a dummy
  hash), so timing does not tell which key ids exist.
- The principals file is the source of truth. Every write re-reads it under an exclusive
  lock, then replaces it atomically (temporary file, fsync, rename; mode 0600). Readers
  reload it when it changes, so a key added, rotated or revoked with `nexus users` takes
  effect in a running API at its next request.
"""

from __future__ import annotations

import builtins
import fcntl
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_service.auth.errors import PrincipalStoreError, UnknownPrincipal
from graph_service.settings import Settings
from graph_service.visibility import Level, Marking, Viewer

__all__ = [
    "KEY_PREFIX",
    "SIDES",
    "Principal",
    "PrincipalStore",
    "Role",
    "StoredPrincipal",
    "clearance_code",
    "parse_clearance",
]

KEY_PREFIX = "nxs"
SIDES = frozenset({"LE", "INTEL", "OPEN"})
_FILE_VERSION = 1
_KEY_ID = re.compile(r"[0-9a-f]{16}")
# Far above any key we issue; a longer "key" is refused before it reaches the hasher.
_MAX_KEY_CHARS = 256
# Verified keys are remembered (by digest) so a client's steady stream of requests pays
# argon2 once, not per request; forgotten whenever the file changes, so revocation and
# rotation act at once. The bound only stops a flood of distinct valid keys from growing it.
_VERIFIED_CACHE_SIZE = 4096

# argon2id at OWASP's baseline (19 MiB, 2 passes, 1 lane) rather than the library default
# (64 MiB, 3 passes, 4 lanes): a key carries 256 random bits, so a slower hash buys no
# resistance to guessing, while every request with a well-formed bogus key costs one hash,
# and at 64 MiB each a flood of them would exhaust memory. Existing hashes keep verifying
# with the parameters encoded in them if these change.
_ARGON2_TIME_COST = 2
_ARGON2_MEMORY_KIB = 19 * 1024
_ARGON2_PARALLELISM = 1

_CLEARANCE_CODES = {
    Level.UNCLASSIFIED: "U",
    Level.CONFIDENTIAL: "C",
    Level.SECRET: "S",
    Level.TOP_SECRET: "TS",
}
_CLEARANCES = {
    **{code: level for level, code in _CLEARANCE_CODES.items()},
    **{level.name: level for level in Level},
    "TOP SECRET": Level.TOP_SECRET,
}


class Role(StrEnum):
    """What a principal may do; routes name the roles they admit."""

    ANALYST = "analyst"
    INGEST = "ingest"
    WATCHLIST_ADMIN = "watchlist_admin"
    AUDITOR = "auditor"
    ADMIN = "admin"


def parse_clearance(text: str) -> Level:
    """`U`, `C`, `S` or `TS` (or the level's name, any case) as a Level."""
    level = _CLEARANCES.get(" ".join(text.split()).upper())
    if level is None:
        raise ValueError(f"unknown clearance {text!r}: expected U, C, S or TS")
    return level


def clearance_code(level: Level) -> str:
    """The short code of `level`: U, C, S or TS."""
    return _CLEARANCE_CODES[level]


@dataclass(frozen=True, slots=True)
class Principal:
    """A caller of the API and the attributes its need-to-know is decided from.

    `authorizations` are dissemination controls the principal is cleared for (LES, ORCON,
    CUI). `cross_domain` marks an ingest feed allowed to write reports it could not read
    back; `pointers` lets the principal receive pointers to higher-level nexus evidence.
    """

    id: str
    name: str
    roles: frozenset[Role]
    clearance: Level
    compartments: frozenset[str] = frozenset()
    citizenship: frozenset[str] = frozenset()
    authorizations: frozenset[str] = frozenset()
    agency: str | None = None
    side: str | None = None
    cross_domain: bool = False
    pointers: bool = False
    _viewer: Viewer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id or not self.name:
            raise ValueError("a principal needs a non-empty id and name")
        set_ = object.__setattr__
        set_(self, "roles", frozenset(Role(r) for r in _strings(self.roles, "roles")))
        set_(self, "clearance", Level(self.clearance))
        for name in ("compartments", "citizenship", "authorizations"):
            set_(self, name, frozenset(v.strip().upper() for v in _strings(getattr(self, name), name)))
        if self.side is not None and self.side not in SIDES:
            raise ValueError(f"unknown side {self.side!r}: expected one of {', '.join(sorted(SIDES))}")
        if self.compartments and self.clearance is Level.UNCLASSIFIED:
            raise ValueError("SCI compartments require a clearance above U")
        # Compiling the tokens validates every attribute (ViewerError names the bad one).
        set_(self, "_viewer", Viewer.from_attributes(
            self.id, self.clearance, self.compartments, self.citizenship, self.authorizations
        ))

    def viewer(self) -> Viewer:
        """The viewer whose tokens this principal holds."""
        return self._viewer

    def clearance_banner(self) -> str:
        """The clearance as a banner line, e.g. `TOP SECRET//SI/TK`."""
        return Marking(level=self.clearance, compartments=self.compartments).banner()


def _strings(values: Iterable[str], name: str) -> Iterable[str]:
    # A bare str would silently become a set of its characters.
    if isinstance(values, str):
        raise TypeError(f"{name} must be a collection of strings, not a str")
    return values


@dataclass(frozen=True, slots=True)
class StoredPrincipal:
    """A principal as listed by the store: with when it was created and whether revoked."""

    principal: Principal
    created: str
    revoked: str | None
    key_created: str | None


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """The file as last read: principals by id, (principal id, hash) by key id."""

    signature: tuple[int, int, int] | None
    data: dict[str, Any]
    principals: dict[str, Principal]
    keys: dict[str, tuple[str, str]]


class PrincipalStore:
    """API-key principals persisted in a JSON file (see the module invariants)."""

    def __init__(self, path: Path, hasher: PasswordHasher | None = None) -> None:
        self.path = path
        self._hasher = hasher or PasswordHasher(
            time_cost=_ARGON2_TIME_COST, memory_cost=_ARGON2_MEMORY_KIB, parallelism=_ARGON2_PARALLELISM
        )
        self._lock = threading.Lock()
        self._snapshot = _Snapshot(None, _empty(), {}, {})
        self._verified: dict[bytes, str] = {}
        self._dummy_hash: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> PrincipalStore:
        """The store at `<var_dir>/principals.json`."""
        return cls(settings.var_dir / "principals.json")

    # ------------------------------------------------------------ reading

    def authenticate_key(self, key: str) -> Principal | None:
        """The active principal holding API key `key`, or None."""
        parts = key.split("_", 2)
        if len(key) > _MAX_KEY_CHARS or len(parts) != 3 or parts[0] != KEY_PREFIX or not _KEY_ID.fullmatch(
            parts[1]
        ):
            return None  # not shaped like a key we issue: nothing to look up
        snapshot = self._current()
        digest = hashlib.sha256(key.encode()).digest()
        found = snapshot.keys.get(parts[1])
        if found is None:
            self._spend_one_hash(key)
            return None
        principal_id, key_hash = found
        with self._lock:
            cached = self._verified.get(digest) == principal_id
        if not cached:
            try:
                self._hasher.verify(key_hash, key)
            except (VerificationError, InvalidHashError):
                return None
            with self._lock:
                if len(self._verified) >= _VERIFIED_CACHE_SIZE:
                    self._verified.clear()
                if self._snapshot is snapshot:
                    self._verified[digest] = principal_id
        return snapshot.principals.get(principal_id)

    def get(self, id: str) -> Principal | None:
        """The active principal with `id`, or None."""
        return self._current().principals.get(id)

    def list(self) -> builtins.list[StoredPrincipal]:
        """Every principal in the file, revoked ones included, by id."""
        snapshot = self._current()
        return [
            StoredPrincipal(
                principal=_principal(pid, entry), created=entry["created"], revoked=entry["revoked"],
                key_created=entry["key"]["created"] if entry["key"] else None,
            )
            for pid, entry in sorted(snapshot.data["principals"].items())
        ]

    # ------------------------------------------------------------ writing

    def add(
        self, name: str, roles: Iterable[Role | str], clearance: Level | str,
        compartments: Iterable[str] = (), citizenship: Iterable[str] = (),
        authorizations: Iterable[str] = (), agency: str | None = None, side: str | None = None,
        cross_domain: bool = False, pointers: bool = False,
    ) -> tuple[Principal, str]:
        """Create a principal; return it and its API key, which is shown only this once."""
        level = parse_clearance(clearance) if isinstance(clearance, str) else Level(clearance)
        principal = Principal(
            id=f"usr_{secrets.token_hex(6)}", name=name,
            roles=frozenset(Role(r) for r in _strings(roles, "roles")), clearance=level,
            compartments=frozenset(_strings(compartments, "compartments")),
            citizenship=frozenset(_strings(citizenship, "citizenship")),
            authorizations=frozenset(_strings(authorizations, "authorizations")),
            agency=agency, side=side, cross_domain=cross_domain, pointers=pointers,
        )
        key, key_entry = self._new_key()

        def insert(data: dict[str, Any]) -> None:
            data["principals"][principal.id] = {
                **_attributes(principal), "created": _now(), "revoked": None, "key": key_entry,
            }

        self._mutate(insert)
        return principal, key

    def revoke(self, id: str) -> None:
        """Revoke principal `id`: its key stops working at once. UnknownPrincipal if none."""

        def mark(data: dict[str, Any]) -> None:
            entry = _active_entry(data, id)
            entry["revoked"] = _now()
            entry["key"] = None

        self._mutate(mark)

    def rotate(self, id: str) -> str:
        """Give principal `id` a new API key (returned, shown once); the old one stops working."""
        key, key_entry = self._new_key()

        def replace(data: dict[str, Any]) -> None:
            _active_entry(data, id)["key"] = key_entry

        self._mutate(replace)
        return key

    # ------------------------------------------------------------ internals

    def _new_key(self) -> tuple[str, dict[str, str]]:
        key_id = secrets.token_hex(8)
        key = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        return key, {"id": key_id, "hash": self._hasher.hash(key), "created": _now()}

    def _spend_one_hash(self, key: str) -> None:
        """Verify against a dummy hash, as long as a real check, and ignore the outcome."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(32))
        with suppress(VerificationError, InvalidHashError):
            self._hasher.verify(self._dummy_hash, key)

    def _current(self) -> _Snapshot:
        """The snapshot of the file as it is now, reloaded if it changed since last read."""
        signature = _signature(self.path)
        with self._lock:
            if signature == self._snapshot.signature:
                return self._snapshot
        snapshot = _load(self.path, signature)
        with self._lock:
            self._snapshot = snapshot
            self._verified.clear()
        return snapshot

    def _mutate(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Apply `change` to the file's data under the write lock; write it atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _write_lock(self.path):
            data = _load(self.path, _signature(self.path)).data
            change(data)
            _write_atomically(self.path, data)
        self._current()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _empty() -> dict[str, Any]:
    return {"version": _FILE_VERSION, "principals": {}}


def _attributes(principal: Principal) -> dict[str, Any]:
    return {
        "name": principal.name,
        "roles": sorted(principal.roles),
        "clearance": clearance_code(principal.clearance),
        "compartments": sorted(principal.compartments),
        "citizenship": sorted(principal.citizenship),
        "authorizations": sorted(principal.authorizations),
        "agency": principal.agency,
        "side": principal.side,
        "cross_domain": principal.cross_domain,
        "pointers": principal.pointers,
    }


def _principal(id: str, entry: dict[str, Any]) -> Principal:
    return Principal(
        id=id, name=entry["name"], roles=frozenset(Role(r) for r in entry["roles"]),
        clearance=parse_clearance(entry["clearance"]), compartments=frozenset(entry["compartments"]),
        citizenship=frozenset(entry["citizenship"]), authorizations=frozenset(entry["authorizations"]),
        agency=entry["agency"], side=entry["side"], cross_domain=entry["cross_domain"],
        pointers=entry["pointers"],
    )


def _active_entry(data: dict[str, Any], id: str) -> dict[str, Any]:
    entry: dict[str, Any] | None = data["principals"].get(id)
    if entry is None or entry["revoked"] is not None:
        raise UnknownPrincipal(f"no active principal {id!r}")
    return entry


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced: (inode, size, mtime)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _load(path: Path, signature: tuple[int, int, int] | None) -> _Snapshot:
    if signature is None:
        return _Snapshot(None, _empty(), {}, {})
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != _FILE_VERSION:
            raise PrincipalStoreError(f"{path}: unsupported version {data.get('version')!r}")
        principals: dict[str, Principal] = {}
        keys: dict[str, tuple[str, str]] = {}
        for pid, entry in data["principals"].items():
            principal = _principal(pid, entry)  # revoked ones too: a corrupt entry is an error
            if entry["revoked"] is None:
                principals[pid] = principal
                if entry["key"]:
                    keys[entry["key"]["id"]] = (pid, entry["key"]["hash"])
    except PrincipalStoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # Fail closed: an unreadable file must not mean "nobody" or "anybody".
        reason = f"{type(exc).__name__}: {exc}"
        raise PrincipalStoreError(f"{path}: unreadable principals file ({reason})") from exc
    return _Snapshot(signature, data, principals, keys)


@contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    """An exclusive lock for writers, on a sidecar file (the data file itself is replaced)."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
