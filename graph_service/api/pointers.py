"""The pointer policy: who gets pointers, for which evidence, and how many.

A principal receives pointers only when its `pointers` flag is set. The ceiling viewer
holds the principal's own tokens plus those of the policy's clearance, compartments,
citizenship and authorizations (settings `pointer_*`), so evidence above the policy
(by default: anything compartmented or ORCON) never raises a pointer. Each principal
gets at most `pointers_per_hour` pointers in any hour: a pointer answers one bit — "a
higher link exists" — and unlimited pointers would let a caller probe entity by entity.

A pointer carries a fixed message, the desk and a random reference; the audit record of
the request ties the reference to the entity and the evidence behind it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from graph_service.auth import parse_clearance
from graph_service.settings import Settings
from graph_service.visibility import Viewer

POINTER_MESSAGE = "A link to this entity exists at a higher classification level."
_HOUR_S = 3600.0


@dataclass(frozen=True, slots=True)
class Pointer:
    """What the viewer is told: nothing from the evidence itself."""

    message: str
    desk: str
    ref: str


class PointerPolicy:
    """Builds ceiling viewers and issues pointers within the hourly cap."""

    def __init__(self, settings: Settings) -> None:
        self.desk = settings.pointer_desk
        self.per_hour = settings.pointers_per_hour
        self._policy_tokens = Viewer.from_attributes(
            "pointer-policy", parse_clearance(settings.pointer_clearance),
            settings.pointer_compartments, settings.pointer_citizenship,
            settings.pointer_authorizations,
        ).tokens
        self._issued: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def ceiling(self, viewer: Viewer) -> Viewer:
        """`viewer` raised to what the policy lets pointers stand for."""
        return Viewer(f"{viewer.principal}@pointer-ceiling", viewer.tokens | self._policy_tokens)

    def issue(self, principal: str, now: float | None = None) -> Pointer | None:
        """A new pointer for `principal`, or None once its hourly cap is spent."""
        now = time.monotonic() if now is None else now
        with self._lock:
            issued = self._issued[principal]
            while issued and issued[0] <= now - _HOUR_S:
                issued.popleft()
            if len(issued) >= self.per_hour:
                return None
            issued.append(now)
        return Pointer(POINTER_MESSAGE, self.desk, f"PTR-{secrets.token_hex(8).upper()}")
