"""Webhook subscriptions: each belongs to the principal who made it and receives the
alerts of that principal's viewer class that pass its filters (delivery_put). A
subscription holds no data of its own, so reading one is its owner's business alone:
another principal's subscription is the same 404 as a missing one."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.alerts import viewer_class

__all__ = [
    "Delivery", "Subscription", "create", "dead_letters", "delete", "listing", "owned", "replay", "rotate",
]

MAX_SUBSCRIPTIONS = 100
MAX_DEAD_LETTERS = 500


@dataclass(frozen=True, slots=True)
class Subscription:
    """A subscription; `secret` only when just created or rotated."""

    id: str
    url: str
    filters: Mapping[str, Any]
    active: bool
    disabled_reason: str | None
    created_at: str
    secret: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """A delivery of the outbox."""

    id: str
    alert: str
    state: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: str


def _subscription(row: Mapping[str, Any], secret: str | None = None) -> Subscription:
    return Subscription(
        id=row["id"], url=row["url"],
        filters={"rules": row["rules"], "areas": row["areas"], "min_score": row["min_score"]},
        active=bool(row["active"]), disabled_reason=row.get("disabled_reason"),
        created_at=row["created_at"], secret=secret,
    )


def create(
    store: Store, viewer: Viewer, url: str, *, rules: Sequence[str] | None, areas: Sequence[str] | None,
    min_score: float | None, secret: str, at: datetime,
) -> Subscription:
    """A new subscription of `viewer`'s principal, signing with `secret`."""
    (row,) = store.write("subscription_put", {
        "id": f"sub_{uuid.uuid4().hex[:20]}", "principal": viewer.principal,
        "class": viewer_class(viewer), "url": url,
        "rules": list(rules) if rules is not None else None,
        "areas": list(areas) if areas is not None else None, "min_score": min_score,
        "secret": secret, "at": at.isoformat(),
    })
    return _subscription(row["subscription"], secret)


def listing(store: Store, viewer: Viewer) -> list[Subscription]:
    """The principal's subscriptions, newest first."""
    rows = store.read("subscription_list", {"principal": viewer.principal, "limit": MAX_SUBSCRIPTIONS})
    return [_subscription(r["subscription"]) for r in rows]


def delete(store: Store, viewer: Viewer, id: str) -> bool:
    """Delete the principal's subscription `id`; False when it has none such."""
    rows = store.write("subscription_delete", {"id": id, "principal": viewer.principal})
    return bool(rows and rows[0]["deleted"])


def rotate(
    store: Store, viewer: Viewer, id: str, secret: str, *, overlap_s: int, at: datetime
) -> Subscription | None:
    """Sign with `secret` from now on, and with the old secret too for `overlap_s`."""
    rows = store.write("subscription_rotate", {
        "id": id, "principal": viewer.principal, "secret": secret,
        "until": (at + timedelta(seconds=overlap_s)).isoformat(),
    })
    return _subscription(rows[0]["subscription"], secret) if rows else None


def owned(store: Store, viewer: Viewer, id: str) -> bool:
    """Whether the principal has a subscription `id`."""
    return any(s.id == id for s in listing(store, viewer))


def dead_letters(store: Store, viewer: Viewer, id: str) -> list[Delivery]:
    """The dead letters of the principal's subscription `id`, newest first."""
    rows = store.read("dead_letters", {"id": id, "principal": viewer.principal, "limit": MAX_DEAD_LETTERS})
    return [Delivery(**r["delivery"]) for r in rows]


def replay(store: Store, viewer: Viewer, id: str, at: datetime) -> int:
    """Put the dead letters of the principal's subscription `id` back in the outbox."""
    rows = store.write(
        "dead_letter_replay",
        {"id": id, "principal": viewer.principal, "now": at.isoformat(), "limit": MAX_DEAD_LETTERS},
    )
    return int(rows[0]["replayed"]) if rows else 0
