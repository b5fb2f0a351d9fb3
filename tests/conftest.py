"""Shared fixtures: the project's real local Neo4j, a migrated store, the API over HTTP.

Neo4j is started by the project's own launcher in a temporary home on a free port (or
`NEXUS_NEO4J_URI` is used when set). A Neo4j that cannot start fails the run; it is never
skipped.

The audit chain verifies after the whole test suite: every audit log an API server of the
session wrote is verified, the way `nexus audit verify` does, once all of them have
stopped; a broken one fails the run, naming its first bad record. A test that breaks a log
on purpose gives its server `verify_audit=False`, or tampers with a copy.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from graph_service import neo4j_local
from graph_service.audit import AuditLog
from graph_service.settings import Settings
from graph_service.store import Store, migrate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def audit_chains_verify_after_the_session() -> Iterator[None]:
    """Fail the run if any test server's audit log does not verify once all have stopped.

    Autouse and session-scoped, so it is set up first and torn down last: after every
    server fixture has stopped its server and the server has signed its last checkpoint.
    """
    yield
    broken = []
    for directory, log in sorted(_SERVER_AUDIT_LOGS.items()):
        result = log.verify()
        if not result.ok:
            where = "checkpoints" if result.first_bad is None else f"first bad record: {result.first_bad}"
            broken.append(f"{directory} ({result.records} records) — {where}: {result.reason}")
    if broken:
        pytest.fail("audit log NOT intact after the test session:\n" + "\n".join(broken), pytrace=False)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Test settings: everything under a temporary var directory."""
    return Settings(
        env="test", var_dir=tmp_path_factory.mktemp("var"), neo4j_heap="768m",
        neo4j_pagecache="256m", neo4j_uri=os.environ.get("NEXUS_NEO4J_URI"),
    )


@pytest.fixture(scope="session")
def neo4j_uri(settings: Settings) -> Iterator[str]:
    """The Bolt URI of a running Neo4j started for this test session."""
    if settings.neo4j_uri:
        yield settings.neo4j_uri
        return
    server = neo4j_local.start(settings, port=0)
    try:
        yield server.uri
    finally:
        neo4j_local.stop(Path(server.home))


@pytest.fixture(scope="session")
def store(settings: Settings, neo4j_uri: str) -> Iterator[Store]:
    """A migrated store on the test Neo4j."""
    s = Store.from_settings(settings, neo4j_uri)
    migrate(s)
    yield s
    s.close()


@pytest.fixture
def empty_store(store: Store) -> Store:
    """The store with every data node deleted (schema kept)."""
    store.run_batched("wipe_data", {})
    return store


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The audit logs of the session's API servers, by directory (servers may share one).
_SERVER_AUDIT_LOGS: dict[Path, AuditLog] = {}


def _audit_log(env: Mapping[str, str]) -> AuditLog:
    """The audit log a server started with `env` writes, opened as `nexus audit verify` opens it."""
    settings = Settings(env="test", var_dir=ROOT / env.get("NEXUS_VAR_DIR", "var"))
    if key := env.get("NEXUS_AUDIT_KEY"):
        settings = settings.model_copy(update={"audit_key": SecretStr(key)})
    return AuditLog.from_settings(settings)


class ApiServer:
    """A `nexus serve` process on loopback, talked to over HTTP.

    Its audit log is verified when the session ends, unless `verify_audit` is False.
    """

    def __init__(self, env: dict[str, str], log: Path, *, verify_audit: bool = True) -> None:
        if verify_audit:
            audit = _audit_log(env)
            _SERVER_AUDIT_LOGS.setdefault(audit.dir.resolve(), audit)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "graph_service.api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"API exited early; see {log}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"API did not come up; see {log}")

    def stop(self) -> None:
        """Stop the server process (ours, by its handle)."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()  # reaped, so that no "still running" warning fails the test
        self._log.close()


def api_env(settings: Settings, neo4j_uri: str, **extra: str) -> dict[str, str]:
    """Environment for an API process on the test Neo4j."""
    return {
        **os.environ,
        "NEXUS_ENV": "test",
        "NEXUS_VAR_DIR": str(settings.var_dir),
        "NEXUS_NEO4J_URI": neo4j_uri,
        "NEXUS_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        **extra,
    }


@pytest.fixture(scope="session")
def api(settings: Settings, neo4j_uri: str, store: Store) -> Iterator[ApiServer]:
    """The API served over HTTP on the test Neo4j."""
    server = ApiServer(
        api_env(settings, neo4j_uri, NEXUS_MAX_REQUEST_BYTES="2000000"), settings.var_dir / "api.log"
    )
    yield server
    server.stop()
