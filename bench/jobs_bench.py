"""Durable-job benchmark: API ingest through `POST /v1/ingest` against `nexus ingest`.

    python -m bench.jobs_bench --size 2000

On the scenario's reports, into an emptied graph each time, in one run:

- `nexus ingest` on the file (the CLI: one process, read → extract → resolve → write);
- the same reports posted to the API in bodies of 200 (JSONL) as fast as it accepts them,
  timed from the first POST to the last job done, with the API's own worker alone
  (1 worker) and with one `nexus worker` process beside it (2 workers);
- then, with the queue idle, the time from a single report's 202 to its job done (p50,
  p95), as the client sees it polling every 10 ms.

Every side starts its processes cold (each loads its spaCy pipeline within its time), and
every side must leave the same number of reports, entities and mentions. Results:
`bench/results/jobs-<size>.json` and `.md`.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from bench.__main__ import write_result
from bench.machine import facts
from bench.scenario import generate
from graph_service.auth import PrincipalStore, Role
from graph_service.runtime import open_store
from graph_service.settings import Settings, get_settings
from graph_service.store import Store, migrate

BODY = 200  # reports a POST carries, as the issue asks
NEXUS = Path(sys.executable).parent / "nexus"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Api:
    """An API server process on loopback."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.url = f"http://127.0.0.1:{(port := _free_port())}"
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "graph_service.api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API exited; see {log}")
            time.sleep(0.2)
        raise RuntimeError(f"the API did not come up; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)
        self._log.close()


def _counts(store: Store) -> dict[str, int]:
    return {row["name"]: row["n"] for row in store.read("graph_counts", {}, timeout_s=120)}


def _post_all(api: _Api, headers: dict[str, str], bodies: Sequence[bytes]) -> list[str]:
    """Post every body, waiting out a 503 for as long as Retry-After says; the job ids."""
    ids = []
    with httpx.Client(timeout=120) as client:
        for body in bodies:
            while True:
                response = client.post(f"{api.url}/v1/ingest", content=body, headers=headers)
                if response.status_code != 503:
                    break
                time.sleep(float(response.headers.get("retry-after", "1")))
            response.raise_for_status()
            ids.append(response.json()["id"])
    return ids


def _wait_done(api: _Api, headers: dict[str, str], ids: Sequence[str], poll_s: float) -> list[dict[str, Any]]:
    jobs: list[dict[str, Any]] = []
    with httpx.Client(timeout=60) as client:
        for job_id in ids:
            while True:
                job: dict[str, Any] = client.get(f"{api.url}/v1/jobs/{job_id}", headers=headers).json()
                if job["state"] in ("done", "failed"):
                    jobs.append(job)
                    break
                time.sleep(poll_s)
    return jobs


def _cli(store: Store, env: dict[str, str], path: Path, log: Path) -> dict[str, Any]:
    store.run_batched("wipe_data", {})
    began = time.perf_counter()
    with log.open("w") as out:
        subprocess.run([str(NEXUS), "ingest", str(path)], env=env, cwd=ROOT, stdout=out,
                       stderr=subprocess.STDOUT, check=True)
    return {"seconds": round(time.perf_counter() - began, 2), "graph": _counts(store)}


def _api(store: Store, env: dict[str, str], headers: dict[str, str], bodies: Sequence[bytes],
         var: Path, workers: int) -> dict[str, Any]:
    """The API with its own worker, and `workers - 1` `nexus worker` processes beside it."""
    store.run_batched("wipe_data", {})
    api = _Api(env, var / f"api-{workers}.log")
    others = [
        subprocess.Popen([str(NEXUS), "worker"], env=env, cwd=ROOT,
                         stdout=(var / f"worker-{workers}-{n}.log").open("w"), stderr=subprocess.STDOUT)
        for n in range(workers - 1)
    ]
    try:
        began = time.perf_counter()
        ids = _post_all(api, headers, bodies)
        accepted = time.perf_counter() - began
        jobs = _wait_done(api, headers, ids, poll_s=0.5)
        seconds = time.perf_counter() - began
    finally:
        for proc in others:
            proc.terminate()
            proc.wait(120)
        api.stop()
    failed = [j["id"] for j in jobs if j["state"] != "done"]
    if failed:
        raise RuntimeError(f"jobs failed: {failed}")
    return {
        "seconds": round(seconds, 2), "accept_all_s": round(accepted, 2), "jobs": len(jobs),
        "ingested": sum(j["ingested"] for j in jobs), "graph": _counts(store),
    }


def _latency(store: Store, env: dict[str, str], headers: dict[str, str], report: bytes,
             var: Path, samples: int) -> dict[str, Any]:
    """202 → done of one report at a time on an idle queue, as a client polling every 10 ms."""
    store.run_batched("wipe_data", {})
    api = _Api(env, var / "api-latency.log")
    seconds = []
    try:
        for n in range(samples + 1):  # the first loads the worker's pipeline: not timed
            body = report.replace(b'"id":"', f'"id":"LAT{n}-'.encode(), 1)
            with httpx.Client(timeout=60) as client:
                response = client.post(f"{api.url}/v1/ingest", content=body, headers=headers)
                accepted = time.perf_counter()
                response.raise_for_status()
                job_id = response.json()["id"]
                while client.get(f"{api.url}/v1/jobs/{job_id}", headers=headers).json()["state"] != "done":
                    time.sleep(0.01)
                if n:
                    seconds.append(time.perf_counter() - accepted)
    finally:
        api.stop()
    ms = sorted(s * 1000 for s in seconds)
    return {
        "samples": len(ms), "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 1),
        "max_ms": round(ms[-1], 1),
    }


def run(settings: Settings, store: Store, scenario: Path, latency_samples: int) -> dict[str, Any]:
    """The figures of the benchmark on the scenario in `scenario`."""
    var = (settings.var_dir / "bench-jobs").resolve()
    var.mkdir(parents=True, exist_ok=True)
    principals = PrincipalStore.from_settings(settings.model_copy(update={"var_dir": var}))
    _, key = principals.add("bench-feed", [Role.INGEST], "TS", citizenship=["USA"], cross_domain=True)
    env = {
        **os.environ, "NEXUS_VAR_DIR": str(var), "NEXUS_NEO4J_URI": store.uri,
        "NEXUS_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEXUS_JOB_QUEUE_LIMIT": "1000",
    }
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/x-ndjson"}
    path = scenario / "reports.jsonl"
    lines = path.read_bytes().splitlines()
    bodies = [b"\n".join(lines[i:i + BODY]) for i in range(0, len(lines), BODY)]

    cli = _cli(store, env, path, var / "cli.log")
    one = _api(store, env, headers, bodies, var, workers=1)
    two = _api(store, env, headers, bodies, var, workers=2)
    latency = _latency(store, env, headers, lines[0], var, latency_samples)
    graphs = {"cli": cli["graph"], "api_1_worker": one["graph"], "api_2_workers": two["graph"]}
    if {g["Report"] for g in graphs.values()} != {len(lines)}:
        raise RuntimeError(f"a side did not land every report: {graphs}")
    return {
        "reports": len(lines), "body_reports": BODY,
        "cli_s": cli["seconds"], "api_1_worker_s": one["seconds"], "api_2_workers_s": two["seconds"],
        "api_1_worker_vs_cli": round(cli["seconds"] / one["seconds"], 3),
        "api_2_workers_vs_cli": round(cli["seconds"] / two["seconds"], 3),
        "speedup_2_workers_vs_1": round(one["seconds"] / two["seconds"], 3),
        "accept_all_s": {"1_worker": one["accept_all_s"], "2_workers": two["accept_all_s"]},
        "latency_202_to_done": latency,
        "graph": graphs, "same_graph_counts": len({tuple(sorted(g.items())) for g in graphs.values()}) == 1,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs_bench")
    parser.add_argument("--size", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--latency-samples", type=int, default=40)
    args = parser.parse_args(argv)
    settings = get_settings()
    scenario = settings.var_dir / "scenarios" / f"size{args.size}-seed{args.seed}"
    if not (scenario / "manifest.json").is_file():
        generate(scenario, args.size, args.seed)
    store = open_store(settings)
    migrate(store)
    try:
        figures = run(settings, store, scenario, args.latency_samples)
    finally:
        store.close()
    load = os.getloadavg()
    print(write_result(f"jobs-{args.size}", {
        "figures": figures, "machine": {**facts(), "loadavg_at_end": [round(x, 1) for x in load]},
        "seed": args.seed, "size": args.size,
    }))


if __name__ == "__main__":
    main()
