"""Webhook subscriptions: an analyst subscribes a URL (it must pass the allow-list) with
filters, and gets the signing secret once; lists, deletes, rotates the secret, and sees
and replays its dead letters. Another principal's subscription is the one 404."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response

from graph_service.alerts.webhooks import destination_allowed, new_secret
from graph_service.api.alert_schemas import DeliveryPublic, SubscriptionCreate, SubscriptionPublic
from graph_service.api.deps import SettingsDep, StoreDep
from graph_service.api.params import invalid
from graph_service.api.problems import not_found
from graph_service.api.security import AnalystDep
from queries import subscriptions

router = APIRouter(prefix="/subscriptions", tags=["alerts"])

SubscriptionId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", response_model=SubscriptionPublic, status_code=201)
def subscribe(
    caller: AnalystDep, store: StoreDep, settings: SettingsDep, body: SubscriptionCreate
) -> SubscriptionPublic:
    """Subscribe a webhook to the caller's alerts; the answer holds its secret, once."""
    url = str(body.url)
    if not destination_allowed(url, settings.webhook_allow):
        raise invalid("body.url", "the destination is not on the webhook allow-list")
    made = subscriptions.create(
        store, caller.viewer, url, rules=body.filters.rules, areas=body.filters.areas,
        min_score=body.filters.min_score, secret=new_secret(), at=datetime.now(UTC),
    )
    return SubscriptionPublic.model_validate(made)


@router.get("", response_model=list[SubscriptionPublic])
def list_subscriptions(caller: AnalystDep, store: StoreDep) -> list[SubscriptionPublic]:
    """The caller's subscriptions (without secrets)."""
    return [SubscriptionPublic.model_validate(s) for s in subscriptions.listing(store, caller.viewer)]


@router.delete("/{id}", status_code=204, response_class=Response)
def unsubscribe(caller: AnalystDep, store: StoreDep, id: SubscriptionId) -> Response:
    """Delete a subscription and its pending deliveries."""
    if not subscriptions.delete(store, caller.viewer, id):
        raise not_found()
    return Response(status_code=204)


@router.post("/{id}/rotate", response_model=SubscriptionPublic)
def rotate_secret(
    caller: AnalystDep, store: StoreDep, settings: SettingsDep, id: SubscriptionId
) -> SubscriptionPublic:
    """A new secret, returned once; the old one keeps signing too for the overlap period."""
    rotated = subscriptions.rotate(
        store, caller.viewer, id, new_secret(), overlap_s=settings.webhook_secret_overlap_s,
        at=datetime.now(UTC),
    )
    if rotated is None:
        raise not_found()
    return SubscriptionPublic.model_validate(rotated)


@router.get("/{id}/dead-letters", response_model=list[DeliveryPublic])
def dead_letters(caller: AnalystDep, store: StoreDep, id: SubscriptionId) -> list[DeliveryPublic]:
    """Deliveries that failed every attempt, newest first."""
    if not subscriptions.owned(store, caller.viewer, id):
        raise not_found()
    return [DeliveryPublic.model_validate(d) for d in subscriptions.dead_letters(store, caller.viewer, id)]


@router.post("/{id}/dead-letters/replay")
def replay_dead_letters(caller: AnalystDep, store: StoreDep, id: SubscriptionId) -> dict[str, int]:
    """Put the dead letters back in the outbox (same webhook ids); how many."""
    if not subscriptions.owned(store, caller.viewer, id):
        raise not_found()
    return {"replayed": subscriptions.replay(store, caller.viewer, id, datetime.now(UTC))}
