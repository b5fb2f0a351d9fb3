"""Versioned, idempotent schema migrations, run at start-up.

A migration is `queries/migrations/NNNN_name.cypher`; each statement in it is idempotent
(`IF NOT EXISTS`), so re-running a half-applied migration after a crash is safe, and
re-running all of them leaves the same schema.
"""

from __future__ import annotations

from graph_service.store import cypher
from graph_service.store.driver import Store


def expected_version() -> int:
    """The schema version this code expects: the highest migration number."""
    return max((v for v, _, _ in cypher.migrations()), default=0)


def applied_versions(store: Store) -> list[int]:
    """Versions recorded as applied in the database."""
    return [int(row["version"]) for row in store.read("migration_applied", {})]


def migrate(store: Store) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    done = set(applied_versions(store))
    applied = []
    for version, name, statements in cypher.migrations():
        if version in done:
            continue
        for statement in statements:
            store.run_schema(statement)
        store.write("migration_record", {"version": version, "name": name})
        applied.append(name)
    return applied


def schema_version(store: Store) -> int:
    """The highest applied migration (0 for an empty database)."""
    return max(applied_versions(store), default=0)
