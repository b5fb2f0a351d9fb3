"""Webhook delivery from the outbox, signed as the Standard Webhooks specification says.

Invariants:

- A delivery exists before anything is told: the evaluator writes it in the transaction
  that numbers the alert's event (delivery_put). It leaves the outbox only as delivered,
  as a dead letter after `webhook_max_attempts` failures, or dropped with a subscription
  its receiver answered 410 Gone for.
- Any number of API processes may run a `Deliverer` against one Neo4j: each claims due
  deliveries under a lease (delivery_claim), so each is sent by one process at a time; a
  process that dies mid-send leaves a lease that runs out, and the delivery is sent again
  with the same `webhook-id`, which is the receiver's idempotency key.
- A failed attempt is retried after `webhook_backoff_s * 2**(attempts-1)`, times a random
  factor in [0.5, 1.5) so that receivers coming back are not hit by every sender at once.
- Destinations must pass the allow-list (`destination_allowed`) when subscribed and on
  every attempt (a name may resolve elsewhere later); redirects are not followed; every
  attempt has a timeout.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import random
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from graph_service.settings import Settings
from graph_service.store import Store, StoreError

__all__ = ["Deliverer", "destination_allowed", "new_secret", "sign"]

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
CLAIM_LIMIT = 50
LEASE_S = 60


def new_secret() -> str:
    """A signing secret: `whsec_` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64 HMAC-SHA256>` signature of `{id}.{timestamp}.{body}` under `secret`."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def destination_allowed(url: str, allow: Sequence[str]) -> bool:
    """Whether `url` may receive webhooks: http(s), and its host (or host:port) is listed,
    or every address it resolves to lies in a listed network (CIDR)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if host in allow or f"{host}:{port}" in allow:
        return True
    networks = []
    for entry in allow:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    if not networks:
        return False
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except OSError:
        return False
    return bool(resolved) and all(
        any(ipaddress.ip_address(str(addr).split("%")[0]) in net for net in networks) for addr in resolved
    )


class Deliverer:
    """Sends due deliveries on a thread of its own (see the module invariants)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(follow_redirects=False, timeout=settings.webhook_timeout_s)

    def start(self) -> None:
        """Deliver until `stop`."""
        self._thread = threading.Thread(target=self._loop, name="nexus-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the attempt under way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self._settings.webhook_timeout_s + 5)
        self._client.close()

    def _loop(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                sent = self.deliver_due()
                failures = 0
            except StoreError:
                log.warning("webhooks: Neo4j unavailable; retrying", exc_info=True)
                sent, failures = 0, failures + 1
            except Exception:
                log.exception("webhooks: delivery round failed; retrying")
                sent, failures = 0, failures + 1
            if not sent:
                # Back off while rounds fail: knocking every poll would keep a Neo4j that
                # locks out failed logins locked.
                self._stop.wait(min(self._settings.webhook_poll_s * 2 ** min(failures, 6), 30.0))

    def deliver_due(self) -> int:
        """Claim the due deliveries and attempt each once; how many were attempted."""
        now = datetime.now(UTC)
        rows = self._store.write(
            "delivery_claim", {"now": now.isoformat(), "lease_s": LEASE_S, "limit": CLAIM_LIMIT}
        )
        for row in rows:
            if self._stop.is_set():
                break
            self._attempt(row)
        return len(rows)

    def _attempt(self, row: dict[str, Any]) -> None:
        attempts = int(row["attempts"]) + 1
        status: int | None = None
        error: str | None = None
        if not row["active"]:
            self._record(row["id"], "dropped", attempts - 1, None, "subscription disabled")
            return
        if not destination_allowed(row["url"], self._settings.webhook_allow):
            error = "destination not on the allow-list"
        else:
            body = row["payload"].encode()
            timestamp = int(time.time())
            now = datetime.now(UTC)
            keys = [row["secret"]]
            if row["previous_secret"] and row["previous_until"] and \
                    datetime.fromisoformat(row["previous_until"].replace("Z", "+00:00")) > now:
                keys.append(row["previous_secret"])
            headers = {
                "content-type": "application/json", "webhook-id": row["id"],
                "webhook-timestamp": str(timestamp),
                "webhook-signature": " ".join(sign(k, row["id"], timestamp, body) for k in keys),
            }
            try:
                response = self._client.post(row["url"], content=body, headers=headers)
                status = response.status_code
            except httpx.HTTPError as exc:
                error = type(exc).__name__
        if status is not None and 200 <= status < 300:
            self._record(row["id"], "delivered", attempts, status, None)
        elif status == 410:
            self._record(row["id"], "dropped", attempts, status, "gone", disable=True)
        else:
            error = error or f"HTTP {status}"
            if attempts >= self._settings.webhook_max_attempts:
                self._record(row["id"], "dead", attempts, status, error)
            else:
                jitter = random.uniform(0.5, 1.5)
                delay = self._settings.webhook_backoff_s * 2 ** (attempts - 1) * jitter
                self._record(row["id"], "pending", attempts, status, error, delay_s=delay)

    def _record(
        self, id: str, state: str, attempts: int, status: int | None, error: str | None, *,
        delay_s: float = 0.0, disable: bool = False,
    ) -> None:
        now = datetime.now(UTC)
        self._store.write("delivery_result", {
            "id": id, "state": state, "attempts": attempts, "status": status, "error": error,
            "next_at": (now + timedelta(seconds=delay_s)).isoformat(), "at": now.isoformat(),
            "disable": disable, "reason": "the receiver answered 410 Gone" if disable else None,
        })
