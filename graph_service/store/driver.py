"""The Neo4j driver for one process, and managed transactions over named queries.

Every call goes through a managed transaction (`execute_read` / `execute_write`), which the
driver retries on transient errors; so every write query must be idempotent (MERGE on
constrained keys). Queries are referred to by name (`queries/<name>.cypher`), never by text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import GraphDatabase, Query

from graph_service.settings import Settings
from graph_service.store import cypher
from graph_service.store.errors import map_driver_errors

Row = dict[str, Any]
Step = tuple[str, Mapping[str, Any]]
T = TypeVar("T")

RETRY_S = 30.0
"""How long the driver retries a managed transaction on transient errors."""


class Tx:
    """Named queries inside one open transaction."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx

    def run(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        """Run `queries/<name>.cypher` and return its rows."""
        return [dict(record) for record in self._tx.run(cypher.load(name), dict(params))]


class Store:
    """A Neo4j database reached through one driver."""

    def __init__(
        self, uri: str, user: str, password: str, database: str, timeout_s: float
    ) -> None:
        self._driver = GraphDatabase.driver(
            uri, auth=(user, password), max_transaction_retry_time=RETRY_S,
            connection_acquisition_timeout=10.0, notifications_min_severity="OFF",
        )
        self.uri = uri
        self.database = database
        self.timeout_s = timeout_s

    @classmethod
    def from_settings(cls, settings: Settings, uri: str) -> Store:
        """A store for `uri` with the credentials and timeouts of `settings`."""
        return cls(
            uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
            settings.neo4j_database, settings.query_timeout_s,
        )

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()

    def read(self, name: str, params: Mapping[str, Any], timeout_s: float | None = None) -> list[Row]:
        """Run the read query `name` and return its rows as dicts."""
        query = cypher.load(name)

        @neo4j.unit_of_work(timeout=timeout_s or self.timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [dict(record) for record in tx.run(query, dict(params))]

        with map_driver_errors(), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def write(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        """Run the write query `name` in its own transaction."""
        return self.write_all([(name, params)])[0]

    def write_all(self, steps: Sequence[Step], timeout_s: float | None = None) -> list[list[Row]]:
        """Run several write queries in one transaction: all land or none."""
        return self.transaction(lambda tx: [tx.run(name, params) for name, params in steps], timeout_s)

    def transaction(
        self, work: Callable[[Tx], T], timeout_s: float | None = None, retry_s: float | None = None
    ) -> T:
        """Run `work` in one managed write transaction; the driver may retry it whole, for
        up to `retry_s` (RETRY_S when not given: long enough to ride out a cluster's leader
        election; a caller someone waits on passes less)."""

        @neo4j.unit_of_work(timeout=timeout_s or 120.0)
        def managed(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx))

        retry = RETRY_S if retry_s is None else retry_s
        with map_driver_errors(), self._driver.session(
            database=self.database, max_transaction_retry_time=retry
        ) as session:
            return session.execute_write(managed)

    def run_schema(self, statement: LiteralString) -> None:
        """Run one schema statement (DDL cannot share a transaction with writes)."""
        with map_driver_errors(), self._driver.session(database=self.database) as session:
            session.run(Query(statement)).consume()

    def run_batched(self, name: str, params: Mapping[str, Any]) -> None:
        """Run a query that commits in batches itself (`CALL {...} IN TRANSACTIONS`).

        Only an auto-commit transaction may do that, and the driver never retries one.
        """
        with map_driver_errors(), self._driver.session(database=self.database) as session:
            session.run(Query(cypher.load(name)), dict(params)).consume()

    def ping(self) -> bool:
        """True when Neo4j answers."""
        try:
            with map_driver_errors():
                self._driver.verify_connectivity()
        except Exception:  # any failure means "not reachable" to a health check
            return False
        return True
