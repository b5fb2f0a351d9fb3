"""Jobs over HTTP and from the command line: the queue bound, listings, failure and retry.

The module's server runs no worker of its own (NEXUS_API_WORKERS=0) and takes at most
three unfinished jobs, so what the queue holds is decided by the test, which then starts
`nexus worker` processes to drain it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_service.settings import Settings
from ingest.jobs import JobQueue
from tests.conftest import ROOT, ApiServer
from tests.jobs.conftest import Graph
from tests.jobs.harness import NEXUS, Feed, WorkerProcess, job_env, sample, start_api


@pytest.fixture(scope="module")
def env(settings: Settings, graph: Graph, var: Path) -> dict[str, str]:
    return job_env(settings, graph.uri, var, NEXUS_API_WORKERS="0", NEXUS_JOB_QUEUE_LIMIT="3")


@pytest.fixture(scope="module")
def server(env: dict[str, str], var: Path) -> Iterator[ApiServer]:
    api = start_api(env, var / "api.log")
    yield api
    api.stop()


def nexus(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEXUS), *args], env={**env, "COLUMNS": "250"}, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )


def test_a_full_queue_refuses_with_503_and_what_it_accepted_all_lands(
    server: ApiServer, keys: dict[str, str], env: dict[str, str], var: Path, fresh: Graph
) -> None:
    feed = Feed(keys["feed"])
    batches = [sample(0, 12), sample(12, 12), sample(24, 12)]
    accepted = [feed.submit(server, records) for records in batches]
    assert [r.status_code for r in accepted] == [202, 202, 202]
    assert {r.json()["state"] for r in accepted} == {"queued"}

    refused = feed.submit(server, sample(36, 12))
    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) > 0
    assert "queue is full" in refused.json()["detail"]
    # Nothing of the refused batch was kept: three jobs, and none of its reports.
    listed = httpx.get(f"{server.url}/v1/jobs", headers=feed.headers()).json()
    assert listed["total"] == 3

    # A worker that cannot build its pipeline says so and stops, having claimed nothing.
    broken = subprocess.run(
        [str(NEXUS), "worker"], env={**env, "NEXUS_SPACY_MODEL": "en_core_web_missing"}, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )
    assert broken.returncode == 1
    assert "en_core_web_missing" in broken.stderr
    assert {j["state"] for j in feed.jobs(server)["items"]} == {"queued"}

    # A job its worker failed (the reason recorded, as a worker records an exception of the
    # chain) is listed as failed; the operator retries it, and a worker finishes it.
    queue = JobQueue(fresh.store, limit=3, batch_size=10)
    claimed = queue.claim("test-worker", lease_ms=60_000)
    assert claimed is not None
    assert queue.fail(claimed.id, "test-worker", "RuntimeError: the chain broke")
    failed = feed.job(server, claimed.id)
    assert (failed["state"], failed["failure"]) == ("failed", "RuntimeError: the chain broke")
    shown = nexus(env, "jobs", "list", "--state", "failed")
    assert failed["id"] in shown.stdout, shown.stderr
    assert nexus(env, "jobs", "retry", failed["id"]).returncode == 0
    assert nexus(env, "jobs", "retry", failed["id"]).returncode == 1  # queued now, not failed
    worker = WorkerProcess(env, var / "worker.log")
    try:
        jobs = feed.wait(server, [r.json()["id"] for r in accepted])
    finally:
        worker.stop()
    assert [j["state"] for j in jobs] == ["done", "done", "done"]
    assert sum(j["ingested"] for j in jobs) == 36
    ids = [r["id"] for records in batches for r in records]
    assert all(fresh.store.read("report_get_raw", {"id": i}) for i in ids)
    assert not fresh.store.read("report_get_raw", {"id": sample(36, 1)[0]["id"]})
    # The queue has room again.
    assert feed.submit(server, sample(36, 1)).status_code == 202


def test_jobs_are_listed_by_state_page_by_page_to_their_submitter_and_auditors(
    server: ApiServer, keys: dict[str, str]
) -> None:
    feed, other = Feed(keys["feed"]), Feed(keys["other"])
    for start in (50, 51):  # queued: the server runs no worker
        assert feed.submit(server, sample(start, 1)).status_code == 202
    mine = httpx.get(f"{server.url}/v1/jobs", headers=feed.headers(), params={"limit": 200}).json()
    assert mine["total"] >= 3
    seen, cursor = [], None
    while True:
        params: dict[str, str | int] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = httpx.get(f"{server.url}/v1/jobs", headers=feed.headers(), params=params).json()
        seen += [j["id"] for j in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [j["id"] for j in mine["items"]]  # newest first, each once
    queued = httpx.get(f"{server.url}/v1/jobs", headers=feed.headers(), params={"state": "queued"}).json()
    assert {j["state"] for j in queued["items"]} <= {"queued"}
    assert queued["total"] == sum(j["state"] == "queued" for j in mine["items"])

    # Another feed sees none of them, and a job of theirs is the same 404 as no job.
    assert httpx.get(f"{server.url}/v1/jobs", headers=other.headers()).json()["total"] == 0
    job_id = mine["items"][0]["id"]
    hidden = httpx.get(f"{server.url}/v1/jobs/{job_id}", headers=other.headers())
    missing = httpx.get(f"{server.url}/v1/jobs/job-0000000000000000", headers=other.headers())
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]
    # An auditor reads every job's record.
    auditor = {"Authorization": f"Bearer {keys['auditor']}"}
    everyone = httpx.get(f"{server.url}/v1/jobs", headers=auditor, params={"limit": 200}).json()
    assert {j["id"] for j in mine["items"]} <= {j["id"] for j in everyone["items"]}
    assert httpx.get(f"{server.url}/v1/jobs/{job_id}", headers=auditor).json()["principal"]
    # A cursor of another list is refused, naming it.
    bad = httpx.get(f"{server.url}/v1/jobs", headers=feed.headers(), params={"cursor": "bm90LWEtY3Vyc29y"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.cursor"
