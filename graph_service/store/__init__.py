"""Neo4j access: the driver, managed transactions, migrations and error translation."""

from graph_service.store.driver import Row, Step, Store, Tx
from graph_service.store.errors import (
    ConstraintViolation,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)
from graph_service.store.migrate import expected_version, migrate, schema_version

__all__ = [
    "ConstraintViolation",
    "QueryTimeout",
    "Row",
    "Step",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Tx",
    "expected_version",
    "migrate",
    "schema_version",
]
