"""What one API process holds for its lifetime."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from graph_service.alerts import Doorbell, Evaluator
from graph_service.api.pointers import PointerPolicy
from graph_service.audit import AuditLog
from graph_service.auth import PrincipalStore, TokenValidator
from graph_service.settings import Settings
from graph_service.store import Store, StoreError, expected_version, migrate, schema_version


@dataclass
class AppState:
    """Settings, the store, who may call (principals, OIDC tokens) and the audit log.

    The schema is migrated once Neo4j is first reachable. `tokens` is None when OIDC is
    not configured (only API keys are accepted then). `evaluator` (None with alerts off)
    evaluates marked reports; it rings `alert_doorbell` for this process's streams.
    """

    settings: Settings
    store: Store
    principals: PrincipalStore
    tokens: TokenValidator | None
    audit: AuditLog
    pointers: PointerPolicy
    alert_doorbell: Doorbell = field(default_factory=Doorbell)
    evaluator: Evaluator | None = None
    _schema_ready: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ensure_schema(self) -> bool:
        """Migrate when not yet done; True when the schema is at the expected version."""
        if self._schema_ready:
            return True
        # A quick reachability check first: migrating against a Neo4j that is down would
        # sit in the driver's retry loop, and /readyz must answer at once.
        if not self.store.ping():
            return False
        with self._lock:
            try:
                migrate(self.store)
                self._schema_ready = schema_version(self.store) == expected_version()
            except StoreError:
                return False
        return self._schema_ready
