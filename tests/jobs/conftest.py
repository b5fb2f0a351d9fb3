"""Each module of durable-job tests runs on a Neo4j of its own.

The job queue lives in Neo4j and every API server runs a worker, so on the session's
Neo4j the session's API server would claim these tests' jobs; and one test here kills
Neo4j itself. The module's var directory keeps its principals and audit log apart too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph_service import neo4j_local
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store, migrate


@dataclass
class Graph:
    """A Neo4j of the module's own, its home and port (to restart it), a migrated store."""

    uri: str
    home: Path
    port: int
    pid: int
    store: Store


@pytest.fixture(scope="module")
def graph(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    home = tmp_path_factory.mktemp("jobs-neo4j")
    server = neo4j_local.start(settings, home=home, port=0)
    store = Store.from_settings(settings, server.uri)
    migrate(store)
    try:
        yield Graph(server.uri, home, server.port, server.pid, store)
    finally:
        store.close()
        neo4j_local.stop(home)


@pytest.fixture
def fresh(graph: Graph) -> Graph:
    """The module's graph with every data node (jobs included) deleted."""
    graph.store.run_batched("wipe_data", {})
    return graph


@pytest.fixture(scope="module")
def var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jobs-var")


@pytest.fixture(scope="module")
def keys(var: Path) -> dict[str, str]:
    """API keys: two ingest feeds (cross-domain, so any sample marking is theirs to send)
    and an auditor."""
    principals = PrincipalStore.from_settings(Settings(env="test", var_dir=var))
    made = {
        "feed": principals.add("jobs-feed", [Role.INGEST], "TS", citizenship=["USA"], cross_domain=True),
        "other": principals.add("jobs-other", [Role.INGEST], "TS", citizenship=["USA"], cross_domain=True),
        "auditor": principals.add("jobs-auditor", [Role.AUDITOR], "U", citizenship=["USA"]),
    }
    return {name: key for name, (_, key) in made.items()}
