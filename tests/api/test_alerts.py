"""Alerts over HTTP: list, get, acknowledge, close; the event stream and its resumption;
signed webhooks from the outbox to a receiver written here with the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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


# An intelligence report and the law-enforcement report that names the same man.
LINK = (
    report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
    report("L-1", "Officers stopped Samir Nasser near the depot."),
)


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
    """A webhook receiver on loopback that answers the first `fail` requests with
    `status`, and 204 after."""

    def __init__(self, fail: int = 0, status: int = 500) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail = fail
        outer, status_ = self, status

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = status_ if len(outer.received) <= outer.fail else 204
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
        NEXUS_WEBHOOK_POLL_S="0.1", NEXUS_WEBHOOK_MAX_ATTEMPTS="3", NEXUS_ALERT_HEARTBEAT_S="1",
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
    """Submit reports and wait for the job. A done job is durable; its alerts are evaluated
    on the worker's alert thread just after each batch commits (`until` waits for them)."""
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


def until(server: ApiServer, key: str, path: str, ready: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """GET `path` as `key` until its answer is `ready` (what an officer's refresh does);
    the last answer either way, for the test's assertions to describe."""
    deadline = time.monotonic() + 60
    with client(server, key) as http:
        while True:
            body: dict[str, Any] = http.get(path).json()
            if ready(body) or time.monotonic() > deadline:
                return body
            time.sleep(0.2)


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
    ingest(server, keys["feed"], *LINK)
    page = until(server, keys["officer"], "/v1/alerts?rule=cross_side", lambda b: b["total"] > 0)
    with client(server, keys["officer"]) as officer, client(server, keys["les"]) as les:
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
        again = until(server, keys["officer"], f"/v1/alerts/{alert['id']}", lambda a: a["state"] != "closed")
        assert again["state"] == "new"
        assert "L-2" in again["reports"]
        assert again["history"][-1]["note"] == "reopened by new evidence"


def test_the_stream_resumes_after_the_last_event_seen(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    ingest(server, keys["feed"], *LINK)
    alert = until(server, keys["officer"], "/v1/alerts", lambda b: b["total"] > 0)["items"][0]
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
        ingest(server, keys["feed"], *LINK)
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


def test_failed_deliveries_become_dead_letters_and_a_gone_receiver_disables_its_subscription(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    failing, gone = Receiver(fail=100), Receiver(fail=100, status=410)
    try:
        with client(server, keys["officer"]) as officer:
            dead = officer.post("/v1/subscriptions", json={"url": failing.url}).json()
            away = officer.post("/v1/subscriptions", json={"url": gone.url}).json()
            ingest(server, keys["feed"], *LINK)
            deadline = time.monotonic() + 60
            letters: list[dict[str, object]] = []
            while not letters and time.monotonic() < deadline:
                time.sleep(0.3)
                letters = officer.get(f"/v1/subscriptions/{dead['id']}/dead-letters").json()
            assert [(d["attempts"], d["last_status"]) for d in letters] == [(3, 500)]
            assert len(failing.received) == 3
            # 410 Gone: one attempt, and the subscription is switched off.
            assert len(gone.received) == 1
            listed = {s["id"]: s for s in officer.get("/v1/subscriptions").json()}
            assert listed[away["id"]]["active"] is False
            assert listed[dead["id"]]["active"] is True
            # Replayed dead letters go out again under the same webhook id.
            failing.fail = 0
            replayed = officer.post(f"/v1/subscriptions/{dead['id']}/dead-letters/replay").json()
            assert replayed == {"replayed": 1}
            deadline = time.monotonic() + 30
            while len(failing.received) < 4 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len({h["webhook-id"] for h, _ in failing.received}) == 1
            assert all(verify(dead["secret"], h, b) for h, b in failing.received)
            assert officer.get(f"/v1/subscriptions/{dead['id']}/dead-letters").json() == []
            # Another analyst's view of the subscription: the one 404.
            with client(server, keys["les"]) as les:
                assert les.get(f"/v1/subscriptions/{dead['id']}/dead-letters").status_code == 404
    finally:
        failing.close()
        gone.close()


def test_deliveries_pending_when_the_api_is_killed_go_out_once_after_a_restart(
    settings: Settings, neo4j_uri: str, empty_store: Store, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SIGKILL with deliveries waiting in the outbox: the next API process sends each
    once, under the id the receiver has already seen."""
    var = tmp_path_factory.mktemp("killed-var")
    principals = PrincipalStore(var / "principals.json")
    usa, les = ["USA"], ["LES"]
    _, officer = principals.add("kill-officer", [Role.ANALYST], "S", citizenship=usa, authorizations=les)
    _, feed = principals.add("kill-feed", [Role.INGEST], "TS", citizenship=usa, authorizations=les)
    env = api_env(
        settings, neo4j_uri, NEXUS_VAR_DIR=str(var), NEXUS_WEBHOOK_ALLOW='["127.0.0.1"]',
        NEXUS_WEBHOOK_BACKOFF_S="0.3", NEXUS_WEBHOOK_POLL_S="0.1", NEXUS_WEBHOOK_MAX_ATTEMPTS="1000",
    )
    receiver = Receiver(fail=10**6)
    first = ApiServer(env, var / "first.log", verify_audit=False)
    try:
        with client(first, officer) as me:
            sub = me.post("/v1/subscriptions", json={"url": receiver.url}).json()
        ingest(first, feed, *LINK)
        deadline = time.monotonic() + 60
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert receiver.received  # attempted and failed: the delivery waits in the outbox
    finally:
        first.proc.kill()
        first.proc.wait()
        first.stop()  # reaps nothing more; closes its log
    failed = len(receiver.received)
    receiver.fail = 0
    second = ApiServer(env, var / "second.log", verify_audit=False)
    try:
        deadline = time.monotonic() + 90
        while len(receiver.received) == failed and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.0)  # nothing more may come
        assert len(receiver.received) == failed + 1
        assert len({h["webhook-id"] for h, _ in receiver.received}) == 1
        assert all(verify(sub["secret"], h, b) for h, b in receiver.received)
    finally:
        second.stop()
        receiver.close()
