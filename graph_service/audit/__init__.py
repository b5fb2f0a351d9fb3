"""The audit trail: every request recorded in a hash-chained, checkpointed, append-only log.

`AuditLog` writes and `verify` checks the log (`log.py`); `AuditMiddleware` writes one
record per request, and routes say what they released with `release(...)`
(`middleware.py`).
"""

from graph_service.audit.log import (
    AUDIT_FILE,
    CHECKPOINT_FILE,
    GENESIS,
    AuditEntry,
    AuditError,
    AuditLog,
    VerifyResult,
    canonical_json,
    export,
    iter_records,
    record_hash,
    verify,
)
from graph_service.audit.middleware import UNAUDITED_PATHS, AuditMiddleware, identify, release

__all__ = [
    "AUDIT_FILE",
    "CHECKPOINT_FILE",
    "GENESIS",
    "UNAUDITED_PATHS",
    "AuditEntry",
    "AuditError",
    "AuditLog",
    "AuditMiddleware",
    "VerifyResult",
    "canonical_json",
    "export",
    "identify",
    "iter_records",
    "record_hash",
    "release",
    "verify",
]
