"""Alerts and webhook subscriptions through the client, over a live server whose alerts
are raised by ingest: every alert method once, and the event stream raising, resuming
after a dropped connection and after a close, and stopping on its own."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from graph_service.api.alert_schemas import AlertPublic, DeliveryPublic, SubscriptionPublic
from graph_service.auth import PrincipalStore, Role
from graph_service.client import AlertListing, AsyncNexus, Nexus, NotFound, ProblemError
from graph_service.client.frames import ALERT_COLUMNS
from graph_service.settings import Settings
from graph_service.store import Store
from tests.client.conftest import ALERT_METHODS, SLOW_MACHINE_TIMEOUT, Recording
from tests.client.test_client import _template
from tests.conftest import ApiServer, api_env, free_port

SECRET = "SECRET//NOFORN"
LES = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
SAMIR = "person:samir nasser"


def report(report_id: str, text: str, side: str = "LE", marking: str = LES) -> dict[str, object]:
    return {"id": report_id, "agency": "Houston Police Department", "side": side, "marking": marking,
            "area": "TX", "reported_at": "2026-11-04T10:22:00Z", "title": "Report", "text": text}


# An intelligence report and the law-enforcement report naming the same man: cross side.
LINK = [
    report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
    report("L-1", "Officers stopped Samir Nasser near the depot."),
]
# The same telephone number on both sides: a shared identifier.
PHONE = [
    report("I-2", "Yusuf Demir used phone (202) 555-0147 to call the cell.", side="INTEL", marking=SECRET),
    report("L-2", "A caller used phone 202.555.0147 near the depot."),
]


@pytest.fixture(scope="module")
def server(settings: Settings, neo4j_uri: str, store: Store, keys: dict[str, str]) -> Iterator[ApiServer]:
    """An API whose webhooks may go to loopback and give up fast, heartbeating every second;
    started after the principals exist, so that its evaluator alerts the officer's class."""
    env = api_env(
        settings, neo4j_uri, NEXUS_WEBHOOK_ALLOW='["127.0.0.1"]', NEXUS_WEBHOOK_BACKOFF_S="0.2",
        NEXUS_WEBHOOK_POLL_S="0.1", NEXUS_WEBHOOK_MAX_ATTEMPTS="3", NEXUS_ALERT_HEARTBEAT_S="1",
    )
    api = ApiServer(env, settings.var_dir / "client-alerts-api.log")
    yield api
    api.stop()


@pytest.fixture(scope="module")
def keys(settings: Settings) -> dict[str, str]:
    """A feed, and a watch officer cleared SECRET with LES (sees both sides of LINK)."""
    principals = PrincipalStore.from_settings(settings)
    made = {
        "feed": principals.add("client-alert-feed", [Role.INGEST], "TS", compartments=["SI"],
                               citizenship=["USA"], authorizations=["LES"]),
        "officer": principals.add("client-watch-officer", [Role.ANALYST], "S", citizenship=["USA"],
                                  authorizations=["LES"]),
    }
    return {name: key for name, (_, key) in made.items()}


def ingest(server: ApiServer, key: str, reports: list[dict[str, object]]) -> None:
    """Ingest and wait for the job: its alert stage has run when it is done."""
    with Nexus(server.url, api_key=key, timeout=SLOW_MACHINE_TIMEOUT) as feed:
        job = feed.ingest_records(reports, wait=True, progress=False)
    assert (job.state, job.ingested) == ("done", len(reports)), job


def test_each_alert_method_calls_its_operation_and_returns_the_api_model(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    transport = Recording()
    officer = Nexus(server.url, api_key=keys["officer"], transport=transport, timeout=SLOW_MACHINE_TIMEOUT)
    called: set[str] = set()

    def call(name: str, answer: object) -> None:
        operation = getattr(Nexus, name).operation
        assert any(method == operation.method and _template(operation.path).match(path)
                   for method, path in transport.requests), f"{name} did not call {operation}"
        transport.requests.clear()
        called.add(name)

    with officer:
        nowhere = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens: every delivery fails
        sub = officer.subscribe(nowhere, rules=["cross_side"], min_score=0.0)
        call("subscribe", sub)
        assert isinstance(sub, SubscriptionPublic)
        assert sub.secret is not None
        assert sub.secret.startswith("whsec_")
        assert sub.filters.rules == ["cross_side"]

        ingest(server, keys["feed"], LINK)

        listing = officer.alerts(rule="cross_side")
        found = listing.to_list()
        deadline = time.monotonic() + 60  # the evaluator's sweep would raise it if the job's stage did not
        while not found and time.monotonic() < deadline:
            time.sleep(0.5)
            listing = officer.alerts(rule="cross_side")
            found = listing.to_list()
        call("alerts", found)
        assert isinstance(listing, AlertListing)
        assert [(a.rule, a.subject, a.subject_name, a.state) for a in found] == [
            ("cross_side", SAMIR, "Samir Nasser", "new")
        ]
        alert = found[0]
        table = listing.to_dataframe()
        assert list(table.columns) == ALERT_COLUMNS
        row = table.iloc[0]
        assert (row["id"], row["rule"], row["state"], row["subject"], row["area"]) == (
            alert.id, "cross_side", "new", SAMIR, "TX"
        )
        assert row["score"] == alert.score > 0
        assert row["side"] in ("LE", "INTEL")
        assert row["report_ids"] == alert.reports
        assert set(alert.reports) <= {"I-1", "L-1"}
        assert alert.path is not None
        assert (row["level"], row["vis"]) == (alert.path.level, alert.path.vis)
        assert SAMIR in row["path"]

        streamed = officer.alert_stream(max_events=1, timeout=120).to_list()
        call("alert_stream", streamed)
        assert [a.id for a in streamed] == [alert.id]

        got = officer.alert(alert.id)
        call("alert", got)
        assert got == alert
        with pytest.raises(NotFound):
            officer.alert("ALR-0000")

        acked = officer.acknowledge(alert.id, note="looking")
        call("acknowledge", acked)
        assert acked.state == "acknowledged"
        with pytest.raises(ProblemError) as twice:
            officer.acknowledge(alert.id)
        assert twice.value.status == 409
        closed = officer.close_alert(alert.id, "known source")
        call("close_alert", closed)
        assert [(h.state, h.note) for h in closed.history] == [
            ("new", None), ("acknowledged", "looking"), ("closed", "known source")
        ]

        listed = officer.subscriptions()
        call("subscriptions", listed)
        assert [(s.id, s.secret, s.url) for s in listed] == [(sub.id, None, nowhere)]

        rotated = officer.rotate_secret(sub.id)
        call("rotate_secret", rotated)
        assert rotated.secret is not None
        assert rotated.secret.startswith("whsec_")
        assert rotated.secret != sub.secret

        letters: list[DeliveryPublic] = []
        deadline = time.monotonic() + 120
        while not letters and time.monotonic() < deadline:
            time.sleep(0.3)
            letters = officer.dead_letters(sub.id)
        call("dead_letters", letters)
        assert letters
        assert {d.alert for d in letters} == {alert.id}
        assert all(d.attempts == 3 and d.last_status is None and d.last_error for d in letters)

        replayed = officer.replay_dead_letters(sub.id)
        call("replay_dead_letters", replayed)
        assert replayed == len(letters)

        assert officer.unsubscribe(sub.id) is None
        call("unsubscribe", None)
        with pytest.raises(NotFound):
            officer.unsubscribe(sub.id)
        assert officer.subscriptions() == []
    assert called == ALERT_METHODS


class Dropping(httpx.HTTPTransport):
    """The real transport. The first alert stream it opens breaks right after its first
    event, as a dropped connection does; it keeps the `Last-Event-ID` of every stream
    request and counts the heartbeats the streams carried."""

    def __init__(self) -> None:
        super().__init__()
        self.resumed_from: list[str | None] = []
        self.pings = 0
        self._drop = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path != "/v1/alerts/stream" or response.status_code != 200:
            return response
        self.resumed_from.append(request.headers.get("last-event-id"))
        drop, self._drop = self._drop, False
        return httpx.Response(200, headers=response.headers, stream=_Cut(response.stream, drop, self),
                              request=request)


class _Cut(httpx.SyncByteStream):
    """The bytes of a stream, raising a read error after the first alert event if `drop`."""

    def __init__(self, upstream: httpx.SyncByteStream, drop: bool, owner: Dropping) -> None:
        self._upstream, self._drop, self._owner = upstream, drop, owner

    def __iter__(self) -> Iterator[bytes]:
        seen = b""
        for chunk in self._upstream:
            self._owner.pings += chunk.count(b": ping\n")
            if not self._drop:
                yield chunk
                continue
            seen += chunk
            start = seen.find(b"event: alert")
            end = seen.find(b"\n\n", start) if start >= 0 else -1
            if end >= 0:
                yield seen[: end + 2]
                raise httpx.ReadError("connection dropped")
        if seen and self._drop:
            yield seen

    def close(self) -> None:
        self._upstream.close()


def test_the_stream_yields_what_an_ingest_raises_and_resumes_after_a_drop_and_a_close(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    with Nexus(server.url, api_key=keys["officer"], timeout=SLOW_MACHINE_TIMEOUT) as officer:
        # Listening before the reports arrive: the ingest raises the alert the stream yields.
        stream = officer.alert_stream(max_events=1, timeout=300)
        feeding = threading.Thread(target=ingest, args=(server, keys["feed"], LINK))
        feeding.start()
        first = stream.to_list()
        feeding.join()
        assert [(a.rule, a.subject, a.state) for a in first] == [("cross_side", SAMIR, "new")]
        assert isinstance(first[0], AlertPublic)
        last = stream.last_event_id
        assert last is not None

        # While nobody listens: the alert is acknowledged (an event), and a new link lands.
        officer.acknowledge(first[0].id)
        ingest(server, keys["feed"], PHONE)

    dropping = Dropping()
    with Nexus(
        server.url, api_key=keys["officer"], transport=dropping, timeout=SLOW_MACHINE_TIMEOUT
    ) as officer:
        resumed = officer.alert_stream(last_event_id=last, max_events=2, timeout=300)
        events = resumed.to_list()
        # Reopened after the last id seen; dropped after one event; resumed after that one.
        assert [(a.id, a.state) for a in events[:1]] == [(first[0].id, "acknowledged")]
        assert events[1].rule == "shared_identifier"
        assert resumed.connections == 2
        assert dropping.resumed_from[0] == last
        assert int(dropping.resumed_from[1] or 0) == int(last) + 1
        assert int(resumed.last_event_id or 0) == int(last) + 2

        # Nothing more to come: heartbeats are skipped, and the timeout ends the stream.
        began = time.monotonic()
        quiet = officer.alert_stream(last_event_id=resumed.last_event_id, timeout=3)
        assert quiet.to_list() == []
        assert 3 <= time.monotonic() - began < 30
        assert dropping.pings >= 1


def test_the_async_stream_and_listing_answer_as_the_sync_ones(
    server: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    ingest(server, keys["feed"], LINK)

    async def run() -> tuple[list[AlertPublic], list[AlertPublic], str | None, list[str]]:
        async with AsyncNexus(server.url, api_key=keys["officer"], timeout=SLOW_MACHINE_TIMEOUT) as officer:
            streamed = await officer.alert_stream(max_events=1, timeout=120).to_list()
            listing = officer.alerts(rule="cross_side")
            listed = await listing.to_list()
            table = await listing.to_dataframe()
            acked = await officer.acknowledge(listed[0].id, note="async")
            # From the start: the alert's raising and its acknowledgement, two events (each
            # carries the alert as it is now); then the reader stops the stream itself.
            stream = officer.alert_stream(last_event_id="0", timeout=120)
            seen = []
            async for alert in stream:
                seen.append(alert)
                if len(seen) == 2:
                    stream.close()
            assert acked.state == "acknowledged"
            assert [(a.id, a.state) for a in seen] == [(acked.id, "acknowledged")] * 2
            return streamed, listed, stream.last_event_id, list(table["subject"])

    streamed, listed, last, subjects = asyncio.run(run())
    assert [a.id for a in streamed] == [a.id for a in listed]
    assert subjects == [SAMIR]
    with Nexus(server.url, api_key=keys["officer"], timeout=SLOW_MACHINE_TIMEOUT) as officer:
        after = officer.alert_stream(last_event_id=last, timeout=2).to_list()
    assert after == []
