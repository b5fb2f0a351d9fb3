"""Alerts over HTTP: list, get, acknowledge, close; the event stream and its resumption;
signed webhooks from the outbox to a receiver written here with the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from graph_service.alerts.webhooks import sign
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.api.conftest import assert_same_404
from tests.conftest import ApiServer, api_env

SECRET = "SECRET//NOFORN"
LES = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
SAMIR = "person:samir nasser"


def report(report_id: str, text: str, side: str = "LE", marking: str = LES) -> dict[str, object]:
    return {
        "id": report_id, "agency": "Houston Police Department", "side": side, "marking": marking,
        "area": "TX", "reported_at": "2026-11-04T10:22:00Z", "event_at": None, "title": "Report",
        "text": text,
    }


# ---------------------------------------------------------------- a stdlib receiver


def verify(secret: str, headers: dict[str, str], body: bytes, now: float | None = None) -> bool:
    """Verify a Standard Webhooks request as a receiver would: any listed v1 signature
    matches, and the timestamp is within five minutes."""
    msg_id, stamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs((now if now is not None else time.time()) - int(stamp)) > 300:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    return any(
        hmac.compare_digest(sig.split(",", 1)[1], expected)
        for sig in headers["webhook-signature"].split() if sig.startswith("v1,")
    )


class Receiver:
    """A webhook receiver on loopback that fails the first `fail` requests with a 500."""

    def __init__(self, fail: int = 0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail = fail
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = 500 if len(outer.received) <= outer.fail else 204
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_receiver_reproduces_the_specifications_published_vector() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    assert sign(secret, headers["webhook-id"], 1614265330, body) == headers["webhook-signature"]
    assert verify(secret, headers, body, now=1614265330 + 299)
    assert not verify(secret, headers, body, now=1614265330 + 301)  # more than 5 minutes off
    assert not verify(secret, headers, body + b" ", now=1614265330)


# ---------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def server(settings: Settings, neo4j_uri: str, store: Store) -> Iterator[ApiServer]:
    """An API whose webhooks may go to loopback, retrying fast."""
    env = api_env(
        settings, neo4j_uri, NEXUS_WEBHOOK_ALLOW='["127.0.0.1"]', NEXUS_WEBHOOK_BACKOFF_S="0.2",
        NEXUS_WEBHOOK_POLL_S="0.1", NEXUS_ALERT_HEARTBEAT_S="1",
    )
    api = ApiServer(env, settings.var_dir / "alerts-api.log")
    yield api
    api.stop()


@pytest.fixture(scope="module")
def keys(settings: Settings) -> dict[str, str]:
    principals = PrincipalStore.from_settings(settings)
    made = {
        "feed": principals.add("alert-feed", [Role.INGEST], "TS", compartments=["SI"], citizenship=["USA"],
                               authorizations=["LES"]),
        "officer": principals.add("watch-officer", [Role.ANALYST], "S", citizenship=["USA"],
                                  authorizations=["LES"]),
        "les": principals.add("alert-les", [Role.ANALYST], "U", citizenship=["USA"], authorizations=["LES"]),
    }
    return {name: key for name, (_, key) in made.items()}


def client(server: ApiServer, key: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=120)


def ingest(server: ApiServer, key: str, *reports: dict[str, object]) -> None:
    """Submit reports and wait for the job (its alert stage runs before it is done)."""
    with client(server, key) as feed:
        job = feed.post(
            "/v1/ingest", content="\n".join(json.dumps(r) for r in reports),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert job.status_code == 202, job.text
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            body = feed.get(f"/v1/jobs/{job.json()['id']}").json()
            if body["state"] in ("done", "failed"):
                assert body["state"] == "done", body
                return
            time.sleep(0.3)
    raise AssertionError("job did not finish")


def read_events(
    server: ApiServer, key: str, want: int, last: str | None = None
) -> list[tuple[str, dict[str, object]]]:
    """`want` events of the stream (after `last`), as (id, alert)."""
    headers = {"Authorization": f"Bearer {key}"}
    if last is not None:
        headers["Last-Event-ID"] = last
    found: list[tuple[str, dict[str, object]]] = []
    with httpx.stream("GET", f"{server.url}/v1/alerts/stream", headers=headers, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        event: dict[str, str] = {}
        for line in response.iter_lines():
            if line.startswith(("id:", "event:", "data:")):
                name, _, value = line.partition(":")
                event[name] = value.strip()
            elif line == "" and "data" in event:
                assert event["event"] == "alert"
                found.append((event["id"], json.loads(event["data"])))
                event = {}
                if len(found) == want:
                    return found
    return found


def test_an_officer_lists_reads_acknowledges_and_closes_an_alert(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    ingest(server, keys["feed"],
           report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
           report("L-1", "Officers stopped Samir Nasser near the depot."))
    with client(server, keys["officer"]) as officer, client(server, keys["les"]) as les:
        page = officer.get("/v1/alerts", params={"rule": "cross_side"}).json()
        assert [(a["subject"], a["subject_name"], a["state"]) for a in page["items"]] == [
            (SAMIR, "Samir Nasser", "new")
        ]
        alert = page["items"][0]
        assert alert["reports"] in (["L-1"], ["I-1"], ["I-1", "L-1"])
        assert officer.get(f"/v1/alerts/{alert['id']}").json() == alert
        # The LES analyst cannot see the intelligence report: no such alert for them.
        assert les.get("/v1/alerts").json()["total"] == 0
        assert_same_404(les.get(f"/v1/alerts/{alert['id']}"), les.get("/v1/alerts/ALR-0000"))
        acked = officer.post(f"/v1/alerts/{alert['id']}/acknowledge", json={"note": "looking"}).json()
        assert acked["state"] == "acknowledged"
        assert officer.post(f"/v1/alerts/{alert['id']}/acknowledge", json={}).status_code == 409
        no_note = officer.post(f"/v1/alerts/{alert['id']}/close", json={})
        assert no_note.status_code == 422  # a note is required
        closed = officer.post(f"/v1/alerts/{alert['id']}/close", json={"note": "known source"}).json()
        assert [(h["state"], h["note"]) for h in closed["history"]] == [
            ("new", None), ("acknowledged", "looking"), ("closed", "known source")
        ]
        assert {h["by"] for h in closed["history"][1:]} == {closed["history"][1]["by"]} != {"nexus"}
        assert officer.get("/v1/alerts", params={"state": "new"}).json()["total"] == 0
        # New evidence reopens it.
        ingest(server, keys["feed"], report("L-2", "Samir Nasser was arrested at the depot."))
        again = officer.get(f"/v1/alerts/{alert['id']}").json()
        assert again["state"] == "new"
        assert "L-2" in again["reports"]
        assert again["history"][-1]["note"] == "reopened by new evidence"


def test_the_stream_resumes_after_the_last_event_seen(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    ingest(server, keys["feed"],
           report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
           report("L-1", "Officers stopped Samir Nasser near the depot."))
    with client(server, keys["officer"]) as officer:
        alert = officer.get("/v1/alerts").json()["items"][0]
    first = read_events(server, keys["officer"], want=1)
    assert first
    assert first[-1][1]["id"] == alert["id"]
    last = first[-1][0]
    # While disconnected: the officer acknowledges it (an event), and a new link lands.
    with client(server, keys["officer"]) as officer:
        officer.post(f"/v1/alerts/{alert['id']}/acknowledge", json={"note": None})
    ingest(server, keys["feed"],
           report("I-2", "Yusuf Demir used phone (202) 555-0147 to call the cell.", side="INTEL",
                  marking=SECRET),
           report("L-2", "A caller used phone 202.555.0147 near the depot."))
    resumed = read_events(server, keys["officer"], want=2, last=last)
    assert [int(i) for i, _ in resumed] == [int(last) + 1, int(last) + 2]
    assert resumed[0][1]["state"] == "acknowledged"
    assert resumed[1][1]["rule"] == "shared_identifier"


def test_a_receiver_that_fails_twice_gets_one_signed_delivery(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    receiver = Receiver(fail=2)
    try:
        with client(server, keys["officer"]) as officer:
            made = officer.post(
                "/v1/subscriptions", json={"url": receiver.url, "filters": {"rules": ["cross_side"]}}
            )
            assert made.status_code == 201, made.text
            sub = made.json()
            assert sub["secret"].startswith("whsec_")
            assert len(base64.b64decode(sub["secret"][6:])) >= 24
            assert officer.get("/v1/subscriptions").json()[0]["secret"] is None
            elsewhere = officer.post("/v1/subscriptions", json={"url": "http://169.254.169.254/latest"})
            assert elsewhere.status_code == 422
        ingest(server, keys["feed"],
               report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
               report("L-1", "Officers stopped Samir Nasser near the depot."))
        deadline = time.monotonic() + 60
        while len(receiver.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)  # nothing more may come
        assert len(receiver.received) == 3
        ids = {h["webhook-id"] for h, _ in receiver.received}
        assert len(ids) == 1  # the same id on every retry: the receiver's idempotency key
        assert all(verify(sub["secret"], h, body) for h, body in receiver.received)
        payload = json.loads(receiver.received[-1][1])
        assert payload["data"]["subject"] == SAMIR
        assert payload["data"]["rule"] == "cross_side"
        with client(server, keys["officer"]) as officer:
            assert officer.get(f"/v1/subscriptions/{sub['id']}/dead-letters").json() == []
            assert officer.delete(f"/v1/subscriptions/{sub['id']}").status_code == 204
            assert officer.delete(f"/v1/subscriptions/{sub['id']}").status_code == 404
    finally:
        receiver.close()
