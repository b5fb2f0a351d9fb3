"""Query benchmark: latency of the analyst endpoints over HTTP against naive versions of
the same queries, and recall@10 of the scenario's planted nexus chains.

Each endpoint is called over HTTP for a fixed sample of inputs drawn from the loaded corpus
(`bench_sample`: LE reports ordered by content hash, a person (or other entity) of each and
an entity two co-mentions away), by an analyst cleared for everything, with the
endpoint's default parameters, twice: `first_pass` is each input's first call (the
store pages it reads may not be in Neo4j's page cache yet: after a restart, they come
from disk), `ours` the second, a service that has been running a while. WARMUP calls
before them open the connections and plan the queries. The naive version of the same
question runs after them, without the HTTP round trip (so the ratio naive / ours
understates the gain), on the first NAIVE_SAMPLES inputs: search as a substring scan of
every mention (`naive_search`), the nexus as an exhaustive variable-length expansion
filtered afterwards (`naive_nexus`), paths and neighbourhood with networkx over the whole
visible co-mention graph pulled into memory (`naive_graph`), the pictures counted from
every report and mention (`bench.picture_bench`). A naive query still running
after NAIVE_TIMEOUT_S counts as that long and is reported as a timeout.

Recall@10: for each planted chain, truth clusters are mapped to entity keys through the
extracted mentions (`bench.quality.truth_mentions` and `bench_mentions`); the chain is
found when a nexus search from its LE entity (three hops deep) lists its intelligence
subject among the top ten; a missed chain is put down to its cause (`missed_because`).
Decoys (a subject reached only through a big city, a busy venue, a same-name stranger)
count when one ranks first.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import networkx as nx
import uvicorn

from bench.picture_bench import picture_calls, tally_write_cost
from bench.quality import ALL_TOKENS, MAX_MENTIONS, truth_mentions
from graph_service.api.app import create_app
from graph_service.auth import PrincipalStore, Role
from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import QueryTimeout, Store

__all__ = ["run"]

SAMPLES = 40
WARMUP = 3
NAIVE_TIMEOUT_S = 10.0
NAIVE_SAMPLES = 10  # the naive versions are slow by nature: fewer inputs keep the run short
TOP = 10
WIDE = 100  # nexus results read per start, to tell a chain ranked low from one not found


@contextmanager
def _local_api(store: Store) -> Iterator[tuple[str, str]]:
    """The API served in this process on a free loopback port for `store`'s database, and
    the key of an analyst cleared for everything (both in a temporary var directory)."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as var:
        settings = get_settings().model_copy(update={"var_dir": Path(var), "neo4j_uri": store.uri})
        _, key = PrincipalStore.from_settings(settings).add(
            "bench-analyst", [Role.ANALYST], "TS", compartments=["SI", "TK", "HCS"],
            citizenship=["USA"], authorizations=["LES", "ORCON", "CUI"],
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False,
        ))
        thread = threading.Thread(target=server.run, name="bench-api", daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the benchmark API did not start")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", key
        finally:
            server.should_exit = True
            thread.join(30)


def _percentiles(samples_ms: list[float]) -> dict[str, float | int]:
    """p50, p95 and p99 (nearest rank) of `samples_ms`, and how many there were."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))], 2)

    return {"n": len(ordered), "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


def _time_http(client: httpx.Client, path: str, params: dict[str, Any]) -> float:
    start = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code not in (200, 404):
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:200]}")
    return elapsed


def _timed(naive: Callable[[], object]) -> tuple[float, bool]:
    """How long `naive` took in ms, and whether it ran out of time (then the limit)."""
    start = time.perf_counter()
    try:
        naive()
    except QueryTimeout:
        return NAIVE_TIMEOUT_S * 1000, True
    return (time.perf_counter() - start) * 1000, False


def _cypher(store: Store, name: str, params: dict[str, Any]) -> Callable[[], object]:
    """A naive query run straight on the store."""
    return lambda: store.read(name, {**params, "tokens": ALL_TOKENS}, timeout_s=NAIVE_TIMEOUT_S)


def _whole_graph(store: Store) -> nx.Graph:
    """The naive way to a graph question: the whole visible co-mention graph, in memory."""
    rows = store.read("naive_graph", {"tokens": ALL_TOKENS, "limit": 50_000_000}, timeout_s=600.0)
    graph = nx.Graph()
    graph.add_edges_from((row["a"], row["b"]) for row in rows)
    return graph


def _naive_paths(store: Store, source: str, target: str) -> Callable[[], object]:
    def run() -> object:
        graph = _whole_graph(store)
        if source not in graph or target not in graph:
            return []
        try:
            return list(islice(nx.shortest_simple_paths(graph, source, target), 3))
        except nx.NetworkXNoPath:
            return []
    return run


def _naive_neighbourhood(store: Store, key: str) -> Callable[[], object]:
    def run() -> object:
        graph = _whole_graph(store)
        return nx.ego_graph(graph, key, radius=2) if key in graph else None
    return run


Call = tuple[str, dict[str, Any], Callable[[], object] | None]


def _endpoints(store: Store, sample: list[dict[str, Any]]) -> dict[str, list[Call]]:
    """Per endpoint: (path, params, naive version or None) for each input."""
    found: dict[str, list[Call]] = defaultdict(list)
    for row in sample:
        source, target, surface = row["source"], row["target"], row["surface"]
        key = quote(source, safe="")
        naive_search = _cypher(store, "naive_search", {"q": surface})
        found["search"].append(("/v1/entities", {"q": surface}, naive_search))
        found["profile"].append((f"/v1/entities/{key}", {}, None))
        found["neighbourhood"].append((
            f"/v1/entities/{key}/neighbourhood", {"hops": 2}, _naive_neighbourhood(store, source),
        ))
        found["paths"].append((
            "/v1/paths", {"source": source, "target": target}, _naive_paths(store, source, target),
        ))
        naive_nexus = _cypher(store, "naive_nexus", {"key": source})
        found["nexus"].append(("/v1/nexus", {"entity": source}, naive_nexus))
        found["nexus_report"].append(("/v1/nexus", {"report": row["report"]}, None))
    found.update(picture_calls(store, ALL_TOKENS, NAIVE_TIMEOUT_S))
    return found


def _measure(
    client: httpx.Client, store: Store, sample: list[dict[str, Any]], naive_samples: int
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for endpoint, calls in _endpoints(store, sample).items():
        for path, params, _ in calls[:WARMUP]:
            _time_http(client, path, params)
        first = [_time_http(client, path, params) for path, params, _ in calls]
        ours = [_time_http(client, path, params) for path, params, _ in calls]
        row: dict[str, Any] = {"ours": _percentiles(ours), "first_pass": _percentiles(first)}
        naive_calls = [naive for _, _, naive in calls if naive is not None][:naive_samples]
        if naive_calls:
            timed = [_timed(naive) for naive in naive_calls]
            naive_figures = _percentiles([t for t, _ in timed])
            naive_figures["timeouts"] = sum(1 for _, out in timed if out)
            row["naive"] = naive_figures
            for q in ("p50_ms", "p95_ms"):
                mine = row["ours"].get(q)
                row[f"ratio_{q[:3]}"] = round(naive_figures[q] / mine, 1) if mine else None
        figures[endpoint] = row
    return figures


def _recall(client: httpx.Client, store: Store, scenario: Path) -> dict[str, Any]:
    truth = truth_mentions(scenario)
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)  # (cluster, report) -> keys
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for row in store.read("bench_mentions", {"tokens": ALL_TOKENS, "limit": MAX_MENTIONS}, 600.0):
        cluster = truth.get((row["report"], row["kind"], row["surface"]))
        if cluster is not None:
            keys[(cluster, row["report"])].add(row["key"])
            by_cluster[cluster].add(row["key"])
    manifest = json.loads((scenario / "manifest.json").read_text())
    as_of = manifest["reported_between"][1]

    def ranked(start_keys: set[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for key in sorted(start_keys):
            params = {"entity": key, "limit": WIDE, "as_of": as_of, "max_hops": 3}
            body = client.get("/v1/nexus", params=params)
            if body.status_code == 200:
                found += body.json()["items"]
        return sorted(found, key=lambda n: -n["path"]["score"]["value"])

    def read(name: str) -> list[dict[str, Any]]:
        lines = (scenario / "truth" / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    found_by_hops: dict[int, list[bool]] = defaultdict(list)
    misses: Counter[str] = Counter()
    for link in read("links.jsonl"):
        starts = keys[(link["le_entity"], link["le_report"])] or by_cluster[link["le_entity"]]
        subjects = by_cluster[link["intel_subject"]]
        others = [n["other"] for n in ranked(starts)]
        rank = next((i for i, other in enumerate(others) if other in subjects), None)
        found_by_hops[int(link["hops"])].append(rank is not None and rank < TOP)
        if rank is None or rank >= TOP:
            misses[_miss(starts, subjects, rank)] += 1
    decoys = read("decoys.jsonl")
    decoys_first = 0
    for decoy in decoys:
        results = ranked(keys[(decoy["le_entity"], decoy["le_report"])] or by_cluster[decoy["le_entity"]])
        decoys_first += bool(results) and results[0]["other"] in by_cluster[decoy["intel_subject"]]
    flat = [hit for hits in found_by_hops.values() for hit in hits]
    return {
        "chains": len(flat),
        "recall_at_10": round(sum(flat) / len(flat), 3) if flat else None,
        "recall_at_10_by_hops": {str(h): round(sum(v) / len(v), 3) for h, v in sorted(found_by_hops.items())},
        "missed_because": dict(sorted(misses.items())),
        "decoys": len(decoys),
        "decoys_ranked_first": decoys_first,
    }


def _miss(starts: set[str], subjects: set[str], rank: int | None) -> str:
    """Why a chain is not in the top ten: an end never extracted (or never resolved to a
    key), the subject not among the first WIDE nexus results, or ranked below TOP."""
    if not starts:
        return "start_not_extracted"
    if not subjects:
        return "subject_not_extracted"
    return "not_reached" if rank is None else "ranked_below_10"


def run(
    target: Store | str,
    size_label: str,
    *,
    scenario: Path | None = None,
    api_key: str | None = None,
    samples: int = SAMPLES,
    naive_samples: int = NAIVE_SAMPLES,
) -> dict[str, Any]:
    """Benchmark the query endpoints on the loaded corpus and return the figures.

    `target` is the store (the API is then served in this process for it) or the URL of a
    running API (its key from `api_key` or NEXUS_BENCH_API_KEY; the store of the process
    settings is used for sampling and the naive queries). With `scenario`, the directory
    of the generated corpus, recall@10 of its planted chains is measured too. The naive
    versions run on the first `naive_samples` inputs (each networkx one pulls the whole
    graph: at 100k reports, a minute or more a call).
    """
    if isinstance(target, Store):
        with _local_api(target) as (url, key):
            return _run(target, url, key, size_label, scenario, samples, naive_samples)
    store = open_store(get_settings(), start_local=False)
    try:
        key = api_key or os.environ["NEXUS_BENCH_API_KEY"]
        return _run(store, target, key, size_label, scenario, samples, naive_samples)
    finally:
        store.close()


def _run(
    store: Store, url: str, key: str, size_label: str, scenario: Path | None, samples: int,
    naive_samples: int,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        rows = store.read("bench_sample", {"n": samples, "tokens": ALL_TOKENS}, 600.0)
        sample = [r for r in rows if r["source"]]
        figures: dict[str, Any] = {"size": size_label, "inputs": len(sample)}
        figures["endpoints"] = _measure(client, store, sample, naive_samples)
        figures["picture_tally_write"] = tally_write_cost(store)
        if scenario is not None:
            figures["nexus_quality"] = _recall(client, store, scenario)
    return figures
