"""Real processes for the durable-job tests: API servers and `nexus worker`s on the test
Neo4j, killed with SIGKILL where a test says so; the feed that submits; graph snapshots.

Each module gets its own var directory (principals, audit log, rejected records), so a
server killed mid-write never shares an audit log with the session's other servers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graph_service.settings import Settings
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import ReadResult, read_bytes
from tests.conftest import ROOT, ApiServer, api_env

SAMPLE = ROOT / "bench" / "sample" / "reports.jsonl"
NEXUS = Path(sys.executable).parent / "nexus"


def sample(start: int, count: int) -> list[dict[str, Any]]:
    """`count` reports of the sample corpus from line `start`."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[start : start + count]
    return [json.loads(line) for line in lines]


def jsonl(records: Iterable[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode("utf-8")


def job_env(settings: Settings, neo4j_uri: str, var: Path, **extra: str) -> dict[str, str]:
    """An API or worker environment on `var`: small batches, short leases, quick polls."""
    return api_env(
        settings, neo4j_uri, NEXUS_VAR_DIR=str(var), NEXUS_WRITE_BATCH_SIZE="10",
        NEXUS_JOB_LEASE_S="8", NEXUS_JOB_POLL_S="0.2", **extra,
    )


def start_api(env: dict[str, str], log: Path) -> ApiServer:
    """An API server whose audit log is not verified (the tests kill servers mid-write)."""
    return ApiServer(env, log, verify_audit=False)


class WorkerProcess:
    """A `nexus worker` process."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._log = log.open("w")
        self.proc = subprocess.Popen([str(NEXUS), "worker"], env=env, cwd=ROOT, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(30)
        self._log.close()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)
        self._log.close()


@dataclass
class Feed:
    """An ingest principal submitting over HTTP to whichever server is up."""

    key: str

    def headers(self, media: str = "application/x-ndjson") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", "Content-Type": media}

    def submit(self, api: ApiServer, records: Sequence[dict[str, Any]]) -> httpx.Response:
        return httpx.post(f"{api.url}/v1/ingest", content=jsonl(records), headers=self.headers(), timeout=60)

    def job(self, api: ApiServer, job_id: str) -> dict[str, Any]:
        response = httpx.get(f"{api.url}/v1/jobs/{job_id}", headers=self.headers(), timeout=30)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def jobs(self, api: ApiServer) -> dict[str, Any]:
        response = httpx.get(f"{api.url}/v1/jobs", headers=self.headers(), params={"limit": 200}, timeout=30)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def wait(self, api: ApiServer, job_ids: Iterable[str], timeout_s: float = 300) -> list[dict[str, Any]]:
        """The jobs once every one is done or failed."""
        deadline = time.monotonic() + timeout_s
        ids = list(job_ids)
        while time.monotonic() < deadline:
            jobs = [self.job(api, job_id) for job_id in ids]
            if all(j["state"] in ("done", "failed") for j in jobs):
                return jobs
            time.sleep(0.3)
        raise AssertionError(f"jobs not finished: {[(j['id'], j['state']) for j in jobs]}")


def snapshot(store: Store) -> dict[str, Any]:
    """The graph as sorted, comparable values (see queries/test_graph_snapshot.cypher)."""
    row = store.read("test_graph_snapshot", {"limit": 1_000_000}, timeout_s=120)[0]
    return {
        name: sorted(json.dumps(item if name != "entities" else [item[0], sorted(item[1])]) for item in items)
        for name, items in row.items()
    }


def clean_run(store: Store, batches: Sequence[Sequence[dict[str, Any]]], batch_size: int) -> dict[str, Any]:
    """The snapshot of ingesting `batches` one after the other into an empty graph."""
    store.run_batched("wipe_data", {})
    extractor = Extractor()
    for records in batches:
        results: list[ReadResult] = list(read_bytes(jsonl(records), source="clean.jsonl"))
        ingest(store, results, extractor, batch_size=batch_size)
    shot = snapshot(store)
    store.run_batched("wipe_data", {})
    return shot
