"""Accepted means durable, tried with SIGKILL: API servers, workers and Neo4j itself are
killed while jobs run, and every accepted record must land exactly once.

"Exactly once" is checked two ways: each job's counts (a batch written twice would find
its reports unchanged the second time, one skipped would leave `processed` short), and
the graph, which must equal a clean run of the same submissions in the same order
(reports, entities, mentions, tallies, co-mentions, relations, candidates).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psutil
import pytest

from graph_service import neo4j_local
from graph_service.settings import Settings
from tests.conftest import ApiServer
from tests.jobs.conftest import Graph
from tests.jobs.harness import Feed, WorkerProcess, clean_run, job_env, sample, snapshot, start_api

BATCH = 10  # the servers' NEXUS_WRITE_BATCH_SIZE (harness.job_env)
JOBS = [sample(100, 20), sample(120, 20), sample(140, 20)]


def overlapping(prefix: str, n: int, seed: int) -> list[dict[str, Any]]:
    """Reports that keep naming the same few people, phones and places."""
    rng = random.Random(seed)
    people = ["Ali Hassan", "Omar Farouk", "Samir Haddad", "Karim Nasser", "Yusuf Demir", "Lena Brandt"]
    places = ["the Port of Houston", "Galveston", "the Ship Channel Bridge"]
    out = []
    for i in range(n):
        a, b = rng.sample(people, 2)
        out.append({
            "id": f"{prefix}-{i}", "agency": "Houston Police Department", "side": "LE",
            "marking": "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE", "area": "TX",
            "reported_at": f"2026-03-{1 + i % 28:02d}T10:{i % 60:02d}:00Z", "event_at": None,
            "title": "Field interview",
            "text": f"{a} called {b} on (713) 555-01{rng.randrange(10):02d} near {rng.choice(places)}. "
                    f"{b} later met {rng.choice(people)} in Houston.",
        })
    return out


@pytest.fixture(scope="module")
def expected(graph: Graph) -> dict[str, Any]:
    """The graph of the three jobs ingested one after the other, untroubled."""
    return clean_run(graph.store, JOBS, BATCH)


@pytest.fixture
def env(settings: Settings, graph: Graph, var: Path) -> dict[str, str]:
    return job_env(settings, graph.uri, var)


def job_record(graph: Graph, job_id: str) -> dict[str, Any]:
    rows = graph.store.read("job_get", {"id": job_id})
    return dict(rows[0]["job"]) if rows else {}


def wait_for_batch(graph: Graph, job_id: str, batch: int, timeout_s: float = 300) -> dict[str, Any]:
    """The job's record once `batch` batches of it are written."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        record = job_record(graph, job_id)
        if record and record["next_batch"] >= batch:
            return record
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not reach batch {batch}")


def kill(server: ApiServer) -> None:
    server.proc.kill()
    server.proc.wait(30)
    server.stop()


def assert_exactly_once(
    jobs: Sequence[dict[str, Any]], submitted: Sequence[Sequence[dict[str, Any]]]
) -> None:
    for job, records in zip(jobs, submitted, strict=True):
        assert job["state"] == "done", job
        assert (job["total"], job["processed"], job["ingested"], job["unchanged"], job["rejected"]) == (
            len(records), len(records), len(records), 0, 0
        ), job


def api_killed_after_202(seed: int, graph: Graph, env: dict[str, str], var: Path, feed: Feed,
                         expected: dict[str, Any]) -> None:
    """Submit the three jobs, SIGKILL the API at a point the seed picks, restart it."""
    rng = random.Random(seed)
    graph.store.run_batched("wipe_data", {})
    batches = sum(-(-len(records) // BATCH) for records in JOBS)
    target = rng.randrange(batches + 1)  # batches written before the kill: 0 = before any
    extra = rng.uniform(0, 1.5)  # then into the next batch, or between two
    server = start_api(env, var / f"api-kill-{seed}.log")
    try:
        ids = []
        for records in JOBS:
            response = feed.submit(server, records)
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
        written = 0
        for job_id in ids:
            if written >= target:
                break
            record = wait_for_batch(graph, job_id, min(target - written, 2))
            written += record["next_batch"]
        time.sleep(extra)
        at_kill = [job_record(graph, job_id)["next_batch"] for job_id in ids]
    finally:
        kill(server)
    server = start_api(env, var / f"api-restart-{seed}.log")
    try:
        jobs = feed.wait(server, ids)
    finally:
        server.stop()
    context = f"seed {seed}: killed after {target} batches + {extra:.2f}s, batches written then {at_kill}"
    assert [j["state"] for j in jobs] == ["done"] * 3, context
    assert_exactly_once(jobs, JOBS)
    assert snapshot(graph.store) == expected, context


@pytest.mark.parametrize("seed", range(5))
def test_the_api_killed_after_202_loses_no_accepted_record(
    seed: int, graph: Graph, env: dict[str, str], var: Path, keys: dict[str, str], expected: dict[str, Any]
) -> None:
    api_killed_after_202(seed, graph, env, var, Feed(keys["feed"]), expected)


@pytest.mark.soak
@pytest.mark.parametrize("seed", range(100, 120))
def test_the_api_killed_after_202_loses_no_accepted_record_soak(
    seed: int, graph: Graph, env: dict[str, str], var: Path, keys: dict[str, str], expected: dict[str, Any]
) -> None:
    api_killed_after_202(seed, graph, env, var, Feed(keys["feed"]), expected)


@pytest.fixture
def queue_only(env: dict[str, str], var: Path, fresh: Graph) -> Iterator[ApiServer]:
    """An API server with no worker of its own: `nexus worker` processes do the work."""
    server = start_api({**env, "NEXUS_API_WORKERS": "0"}, var / "api-queue-only.log")
    yield server
    server.stop()


def test_a_killed_workers_job_is_finished_by_the_other(
    queue_only: ApiServer, env: dict[str, str], var: Path, keys: dict[str, str], fresh: Graph
) -> None:
    records = sample(160, 60)
    workers = {w.pid: w for w in (WorkerProcess(env, var / f"worker-{n}.log") for n in range(2))}
    try:
        feed = Feed(keys["feed"])
        response = feed.submit(queue_only, records)
        assert response.status_code == 202
        job_id = response.json()["id"]
        owner = wait_for_batch(fresh, job_id, 2)["owner"]
        victim = workers.pop(int(owner.split(":")[1]))
        victim.kill()
        job = feed.wait(queue_only, [job_id])[0]
    finally:
        for worker in workers.values():
            worker.stop()
    assert_exactly_once([job], [records])
    assert job_record(fresh, job_id)["claims"] >= 2  # the survivor took it over
    assert snapshot(fresh.store) == clean_run(fresh.store, [records], BATCH)


def test_two_jobs_over_the_same_entities_at_once_give_the_sequential_graph(
    queue_only: ApiServer, env: dict[str, str], var: Path, keys: dict[str, str], fresh: Graph
) -> None:
    first, second = overlapping("A", 40, seed=1), overlapping("B", 40, seed=2)
    workers = [WorkerProcess(env, var / f"concurrent-{n}.log") for n in range(2)]
    try:
        feed = Feed(keys["feed"])
        ids = [feed.submit(queue_only, records).json()["id"] for records in (first, second)]
        jobs = feed.wait(queue_only, ids)
    finally:
        for worker in workers:
            worker.stop()
    assert_exactly_once(jobs, [first, second])
    # They did run at the same time, on two workers.
    assert jobs[1]["started_at"] < jobs[0]["finished_at"]
    assert jobs[0]["started_at"] < jobs[1]["finished_at"]
    together = snapshot(fresh.store)
    assert together == clean_run(fresh.store, [first, second], BATCH)


def test_a_job_waits_out_neo4j_killed_under_the_api_and_completes(
    settings: Settings, env: dict[str, str], var: Path, keys: dict[str, str], fresh: Graph
) -> None:
    records = sample(220, 50)
    server = start_api(env, var / "api-neo4j-kill.log")
    try:
        feed = Feed(keys["feed"])
        response = feed.submit(server, records)
        assert response.status_code == 202
        job_id = response.json()["id"]
        wait_for_batch(fresh, job_id, 1)
        psutil.Process(fresh.pid).kill()
        psutil.Process(fresh.pid).wait(30)
        # While the store is down a submission is refused whole, with a time to come back.
        refused = feed.submit(server, sample(270, 5))
        assert refused.status_code == 503
        assert int(refused.headers["retry-after"]) > 0
        fresh.pid = neo4j_local.start(settings, home=fresh.home, port=fresh.port).pid
        job = feed.wait(server, [job_id])[0]
        listed = feed.jobs(server)
    finally:
        server.stop()
    assert_exactly_once([job], [records])
    assert listed["total"] == 1  # the refused submission left no job behind
    assert not fresh.store.read("report_get_raw", {"id": sample(270, 1)[0]["id"]})
    assert snapshot(fresh.store) == clean_run(fresh.store, [records], BATCH)
