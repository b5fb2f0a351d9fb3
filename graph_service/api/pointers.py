"""The pointer policy: who gets pointers, for which evidence, and how many.

A principal receives pointers only when its `pointers` flag is set. The ceiling viewer
holds the principal's own tokens plus those of the policy's clearance, compartments,
citizenship and authorizations (settings `pointer_*`), so evidence above the policy
(by default: anything compartmented or ORCON) never raises a pointer. Each principal
may ask at most `pointers_per_hour` pointer-eligible questions in any hour: a pointer
answers one bit — "a higher link exists" — and so does its absence, so every question
counts, whether a pointer comes back or not, and once the budget is spent no hidden nexus
is even looked for. The budget is kept in Neo4j (queries.pointers.ask), so a restart or
another API process does not refill it.

A pointer carries a fixed message, the desk and a random reference; the audit record of
the request ties the reference to the entity and the evidence behind it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from graph_service.auth import parse_clearance
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries import pointers

POINTER_MESSAGE = "A link to this entity exists at a higher classification level."
_HOUR_S = 3600.0


@dataclass(frozen=True, slots=True)
class Pointer:
    """What the viewer is told: nothing from the evidence itself."""

    message: str
    desk: str
    ref: str


class PointerPolicy:
    """Builds ceiling viewers, counts pointer questions and issues pointers."""

    def __init__(self, settings: Settings) -> None:
        self.desk = settings.pointer_desk
        self.per_hour = settings.pointers_per_hour
        self._policy_tokens = Viewer.from_attributes(
            "pointer-policy", parse_clearance(settings.pointer_clearance),
            settings.pointer_compartments, settings.pointer_citizenship,
            settings.pointer_authorizations,
        ).tokens

    def ceiling(self, viewer: Viewer) -> Viewer:
        """`viewer` raised to what the policy lets pointers stand for."""
        return Viewer(f"{viewer.principal}@pointer-ceiling", viewer.tokens | self._policy_tokens)

    def ask(self, store: Store, principal: str, now: float | None = None) -> bool:
        """Count one pointer-eligible question of `principal`; False once its hourly
        budget is spent (then no pointer may be looked for)."""
        return pointers.ask(
            store, principal, per_hour=self.per_hour, now=time.time() if now is None else now,
            window_s=_HOUR_S,
        )

    def pointer(self) -> Pointer:
        """A new pointer with a fresh reference."""
        return Pointer(POINTER_MESSAGE, self.desk, f"PTR-{secrets.token_hex(8).upper()}")
