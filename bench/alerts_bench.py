"""Alerts benchmark: ingest a scenario while a watch officer's SSE client and a webhook
receiver on loopback are connected, and measure

- latency from the commit of the batch that completes a link to the SSE event (p50/p95/
  p99 over every new alert);
- quality of the watch alerts against the scenario's truth alerts (precision, recall)
  and how many decoys were alerted;
- cost: ingest time with alert evaluation off, as a ratio of on (same corpus, one run);
- webhook deliveries to a loopback receiver, and their rate while ingest runs (bounded
  by the rate alerts are raised, so a floor of the outbox's capacity, not a ceiling);
- latency from the 202 of a single-report `POST /v1/ingest` to the SSE event, while the
  corpus is ingested at full speed beside it: up to SINGLE_POSTS of the reports that
  complete a truth alert are held back from the corpus and posted one at a time, each once
  the background ingest has written the reports before it in the corpus.

The API runs as its own process (uvicorn) on the benchmark's Neo4j, with a principals
file of its own holding the watch officer, so its classes are the officer's alone.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from graph_service.alerts import Evaluator
from graph_service.auth import PrincipalStore, Role
from graph_service.domain import EntityKind
from graph_service.domain.keys import base_key
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.visibility import Viewer
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import read_path
from ingest.writer import Touched
from queries import alerts, watchlist

WATCH_MARKING = "SECRET//NOFORN"
SINGLE_POSTS = 40
ROOT = Path(__file__).resolve().parent.parent


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


class _Receiver:
    """A loopback webhook receiver recording when each delivery arrived."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                outer.arrivals.append(time.time())
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class _Listener:
    """An SSE client recording when each alert's first event arrived, and every event."""

    def __init__(self, url: str, key: str) -> None:
        self.first: dict[str, tuple[float, dict[str, Any]]] = {}
        self.events: list[tuple[float, dict[str, Any]]] = []
        self._url, self._key = url, key
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {self._key}"}
        try:
            with httpx.stream("GET", f"{self._url}/v1/alerts/stream", headers=headers, timeout=None) as r:
                for line in r.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith("data:"):
                        alert, now = json.loads(line[5:]), time.time()
                        self.first.setdefault(alert["id"], (now, alert))
                        self.events.append((now, alert))
        except httpx.TransportError:
            return  # the API stopped at the end of the run


def _board(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Every alert of the viewer's class, as {id, rule, subject, reports}."""
    found: list[dict[str, Any]] = []
    while True:
        page = alerts.listing(store, viewer, offset=len(found), limit=500)
        found += [{"id": a.id, "rule": a.rule, "subject": a.subject, "reports": list(a.reports)}
                  for a in page.items]
        if not page.items or len(found) >= page.total:
            return found


class _Poster:
    """Posts each held-back report alone to `POST /v1/ingest` once the background ingest
    has committed as many reports as came before it in the corpus, and records when its
    202 came."""

    def __init__(self, url: str, key: str, held: list[tuple[int, dict[str, Any]]]) -> None:
        self.accepted: dict[str, float] = {}
        self.committed = 0
        self._url, self._key, self._held = url, key, held
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {self._key}"}
        for before, record in self._held:
            while self.committed < before and not self._done.is_set():
                time.sleep(0.05)
            reply = httpx.post(f"{self._url}/v1/ingest", json=record, headers=headers, timeout=60)
            reply.raise_for_status()
            self.accepted[record["id"]] = time.time()

    def finish(self) -> None:
        """Post what is left at once (the background ingest is over) and wait for it."""
        self._done.set()
        self._thread.join()


def _held_back(corpus: Path, truth: list[dict[str, Any]], out: Path) -> list[tuple[int, dict[str, Any]]]:
    """Write `corpus` without up to SINGLE_POSTS reports that complete a truth alert to
    `out`; return those, each with how many reports of `out` come before it."""
    wanted = list(dict.fromkeys(t["report"] for t in truth))[:SINGLE_POSTS]
    held, kept = [], 0
    with corpus.open() as src, out.open("w") as dst:
        for line in src:
            record = json.loads(line)
            if record["id"] in wanted:
                held.append((kept, record))
            else:
                dst.write(line)
                kept += 1
    return held


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed_ingest(
    store: Store, corpus: Path, extractor: Extractor, stage: Any, evaluator: Evaluator | None = None
) -> float:
    """Seconds to ingest `corpus` and, with `evaluator`, to evaluate every batch on its
    thread, as `nexus ingest` does (the last batch's evaluation is counted too)."""
    began = time.perf_counter()
    if evaluator is not None:
        evaluator.start()
    ingest(store, read_path(corpus), extractor, batch_size=200, alert_stage=stage)
    if evaluator is not None:
        evaluator.finish()
    return time.perf_counter() - began


def run(store: Store, scenario: Path, settings: Settings) -> dict[str, Any]:
    """Run the benchmark on `scenario` (a generated directory) and return its figures."""
    corpus = scenario / "reports.jsonl"
    extractor = Extractor(settings.spacy_model, batch_size=settings.extract_batch_size)
    var = Path(tempfile.mkdtemp(prefix="nexus-alerts-bench-"))
    principals = PrincipalStore(var / "principals.json")
    officer, key = principals.add(
        "bench-watch-officer", [Role.ANALYST, Role.WATCHLIST_ADMIN], "TS", compartments=["SI", "HCS"],
        citizenship=["USA"], authorizations=["LES", "CUI", "ORCON"],
    )
    _, feed_key = principals.add(
        "bench-partner-feed", [Role.INGEST], "TS", compartments=["SI", "HCS"],
        citizenship=["USA"], authorizations=["LES", "CUI", "ORCON"],
    )
    truth = [json.loads(x) for x in (scenario / "truth" / "alerts.jsonl").read_text().splitlines()]
    entries = json.loads((scenario / "watchlist.json").read_text())

    def fresh_graph() -> None:
        store.run_batched("wipe_data", {})
        for e in entries:
            k = watchlist.entry_key(EntityKind(e["kind"]), e["name"])
            watchlist.add(store, officer.viewer(), k, e["reason"], WATCH_MARKING, by=officer.id,
                          at=datetime.now(UTC))

    # Cost: the same corpus without and with evaluation.
    fresh_graph()
    off_s = _timed_ingest(store, corpus, extractor, None)
    evaluator = Evaluator(store, settings, lambda: [officer.viewer()])
    fresh_graph()
    on_s = _timed_ingest(store, corpus, extractor, evaluator.stage, evaluator)
    alerts_on = store.read("alert_event_count", {})[0]["n"]

    # Latency and quality, with the API (its SSE stream and webhooks) listening.
    fresh_graph()
    port = _free_port()
    env = {
        **os.environ, "NEXUS_ENV": "test", "NEXUS_VAR_DIR": str(var), "NEXUS_NEO4J_URI": store.uri,
        "NEXUS_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEXUS_WEBHOOK_ALLOW": '["127.0.0.1"]', "NEXUS_WEBHOOK_POLL_S": "0.05",
    }
    api = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "graph_service.api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=ROOT, stdout=(var / "api.log").open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        receiver = _Receiver()
        httpx.post(f"{url}/v1/subscriptions", json={"url": receiver.url},
                   headers={"Authorization": f"Bearer {key}"}, timeout=60).raise_for_status()
        listener = _Listener(url, key)
        time.sleep(1.0)
        committed: dict[str, float] = {}
        held = _held_back(corpus, truth, var / "background.jsonl")
        poster = _Poster(url, feed_key, held)

        def stage(touched: Touched) -> None:
            now = time.time()
            for rid in touched.report_ids:
                committed[rid] = now
            poster.committed = len(committed)
            evaluator.stage(touched)

        _timed_ingest(store, var / "background.jsonl", extractor, stage, evaluator)
        poster.finish()
        time.sleep(10.0)  # the posted reports' jobs, the last events and deliveries
    finally:
        api.terminate()  # it finishes the evaluation under way first
        try:
            api.wait(300)
        except subprocess.TimeoutExpired:
            api.kill()
            api.wait()
    latencies = [
        arrived - max(committed[r] for r in alert["reports"] if r in committed)
        for arrived, alert in listener.first.values() if any(r in committed for r in alert["reports"])
    ]
    posted = [
        min(at for at, alert in listener.events if at >= accepted and rid in alert["reports"]) - accepted
        for rid, accepted in poster.accepted.items()
        if any(at >= accepted and rid in alert["reports"] for at, alert in listener.events)
    ]
    decoys = [json.loads(x) for x in (scenario / "truth" / "decoys.jsonl").read_text().splitlines()]
    # A subject is known by the key its watchlist entry names (the name an alert shows is
    # the graph's, which may be another spelling); a namesake's key adds a qualifier.
    keys = {e["cluster"]: watchlist.entry_key(EntityKind(e["kind"]), e["name"]) for e in entries}
    # Quality is judged on the alerts as the officer's board shows them at the end (an
    # alert raised early is updated, without a new event, by the report completing its link).
    board = _board(store, officer.viewer())
    watch = [a for a in board if a["rule"] in ("watch_proximity", "watch_candidate")]

    def matches(alert: dict[str, Any], subject: str, report: str) -> bool:
        return base_key(alert["subject"]) == keys.get(subject) and report in alert["reports"]

    hit = [t for t in truth if any(matches(a, t["subject"], t["report"]) for a in watch)]
    correct = [a for a in watch if any(matches(a, t["subject"], t["report"]) for t in truth)]
    decoyed = [d for d in decoys if any(matches(a, d["intel_subject"], d["le_report"]) for a in watch)]
    span = (max(receiver.arrivals) - min(receiver.arrivals)) if len(receiver.arrivals) > 1 else None
    return {
        "reports": sum(1 for _ in corpus.open()),
        "alerts": len(listener.first), "alerts_by_rule": {
            rule: sum(1 for _, a in listener.first.values() if a["rule"] == rule)
            for rule in ("watch_proximity", "cross_side", "shared_identifier", "watch_candidate")
        },
        "latency_commit_to_sse_ms": {"p50": _pct(latencies, 0.5), "p95": _pct(latencies, 0.95),
                                     "p99": _pct(latencies, 0.99), "n": len(latencies)},
        "quality": {"truth_alerts": len(truth), "recall": round(len(hit) / len(truth), 3) if truth else None,
                    "watch_alerts": len(watch),
                    "precision": round(len(correct) / len(watch), 3) if watch else None,
                    "decoys": len(decoys), "decoys_alerted": len(decoyed)},
        "cost": {"ingest_off_s": round(off_s, 1), "ingest_on_s": round(on_s, 1),
                 "throughput_on_over_off": round(off_s / on_s, 3), "events_on": alerts_on},
        "webhooks": {"delivered": len(receiver.arrivals),
                     "per_second": round(len(receiver.arrivals) / span, 1) if span else None},
        "latency_single_post_to_sse_ms": {
            "p50": _pct(posted, 0.5), "p95": _pct(posted, 0.95), "p99": _pct(posted, 0.99),
            "n": len(posted), "posted": len(poster.accepted),
        },
    }
