"""Probes over HTTP: alive always, ready only with Neo4j reachable and migrated."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from graph_service import neo4j_local
from graph_service.settings import Settings
from tests.conftest import ApiServer, api_env, free_port


def test_healthz_and_readyz_are_green_on_a_running_neo4j(api: ApiServer) -> None:
    assert httpx.get(f"{api.url}/healthz").json() == {"status": "ok", "neo4j": None, "schema_version": None}
    ready = httpx.get(f"{api.url}/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_readyz_is_red_while_neo4j_is_stopped_and_green_after_it_starts(
    settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    # A Neo4j home that has been started once: the local launcher sets the password on a
    # first start, after Bolt opens, and the API's background workers knocking in that
    # window get Neo4j's authentication lock-out (a launcher matter, not the probe's).
    neo4j_local.stop(Path(neo4j_local.start(settings, home=tmp_path / "neo4j", port=port).home))
    server = ApiServer(api_env(settings, f"bolt://127.0.0.1:{port}"), tmp_path / "api.log")
    try:
        red = httpx.get(f"{server.url}/readyz", timeout=30)
        assert red.status_code == 503
        assert red.json()["neo4j"] is False
        neo4j = neo4j_local.start(settings, home=tmp_path / "neo4j", port=port)
        try:
            # Polled as an orchestrator polls it.
            deadline = time.monotonic() + 180
            green = httpx.get(f"{server.url}/readyz", timeout=60)
            while green.status_code != 200 and time.monotonic() < deadline:
                time.sleep(5)
                green = httpx.get(f"{server.url}/readyz", timeout=60)
            assert green.status_code == 200, green.text
        finally:
            neo4j_local.stop(Path(neo4j.home))
    finally:
        server.stop()


def test_openapi_is_served(api: ApiServer) -> None:
    spec = httpx.get(f"{api.url}/openapi.json").json()
    assert spec["info"]["title"] == "Nexus"
    assert "/readyz" in spec["paths"]


def test_errors_are_problem_details(api: ApiServer) -> None:
    response = httpx.get(f"{api.url}/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
