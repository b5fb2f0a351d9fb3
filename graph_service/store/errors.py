"""Store exceptions, and the one place where Neo4j driver errors are translated.

    StoreError
    ├── StoreUnavailable      Neo4j cannot be reached (down, restarting, wrong address)
    ├── QueryTimeout          a query ran past its transaction timeout
    └── ConstraintViolation   a write broke a uniqueness constraint
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import exceptions as neo


class StoreError(Exception):
    """Base of every error raised by the store layer."""


class StoreUnavailable(StoreError):
    """Neo4j cannot be reached."""


class QueryTimeout(StoreError):
    """A query ran past its transaction timeout."""


class ConstraintViolation(StoreError):
    """A write broke a uniqueness constraint."""


@contextmanager
def map_driver_errors() -> Iterator[None]:
    """Re-raise the driver's errors as store errors (the driver's stay the cause)."""
    try:
        yield
    except (neo.ServiceUnavailable, neo.SessionExpired) as exc:
        raise StoreUnavailable(str(exc)) from exc
    except neo.AuthError as exc:
        raise StoreUnavailable(f"Neo4j refused the credentials: {exc.message}") from exc
    except neo.ClientError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
            raise QueryTimeout(exc.message or code) from exc
        if code.endswith("ConstraintValidationFailed"):
            raise ConstraintViolation(exc.message or code) from exc
        if code.endswith("Security.AuthenticationRateLimit"):
            # Neo4j locks the user out for a while after failed logins (a local Neo4j
            # refuses them until it has set its password): unavailable for now, not a bug.
            raise StoreUnavailable(f"Neo4j refused the credentials: {exc.message}") from exc
        raise
    except neo.TransientError as exc:
        if "Terminated" in (exc.code or "") or "TimedOut" in (exc.code or ""):
            raise QueryTimeout(exc.message or str(exc)) from exc
        raise StoreUnavailable(str(exc)) from exc
