"""Report submission over HTTP: jobs, per-record errors, clearance and size limits."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.conftest import ApiServer


def report(report_id: str, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": report_id,
        "agency": "Houston Police Department",
        "side": "LE",
        "marking": "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE",
        "area": "TX",
        "reported_at": "2026-03-04T10:22:00Z",
        "event_at": None,
        "title": "Traffic stop",
        "text": "Ali Hassan called (713) 555-0143 from a white van bearing Texas plate KXT4821.",
    }
    record.update(changes)
    return record


@pytest.fixture(scope="module")
def keys(settings: Settings) -> dict[str, str]:
    principals = PrincipalStore.from_settings(settings)
    _, feed = principals.add("le-feed", [Role.INGEST], "U", citizenship=["USA"], authorizations=["LES"])
    _, analyst = principals.add("analyst", [Role.ANALYST], "TS", citizenship=["USA"])
    _, other = principals.add("other-feed", [Role.INGEST], "S", citizenship=["USA"], authorizations=["LES"])
    return {"feed": feed, "analyst": analyst, "other": other}


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def wait(api: ApiServer, key: str, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body: dict[str, object] = httpx.get(f"{api.url}/v1/jobs/{job_id}", headers=auth(key)).json()
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.3)
    raise AssertionError("job did not finish")


def test_a_malformed_batch_lands_its_valid_records_and_names_the_rest(
    api: ApiServer, keys: dict[str, str], empty_store: Store
) -> None:
    lines = [
        json.dumps(report("HTTP-1")),
        json.dumps(report("HTTP-2", marking="SECRET//BOGUS")),
        "{not json",
        json.dumps(report("HTTP-3", marking="SECRET//NOFORN", side="INTEL")),
        json.dumps(report("HTTP-4", text="Bob Smith met with Ali Hassan in Houston.")),
    ]
    response = httpx.post(
        f"{api.url}/v1/ingest",
        content="\n".join(lines),
        headers={**auth(keys["feed"]), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 202, response.text
    job = wait(api, keys["feed"], response.json()["id"])
    assert job["state"] == "done"
    assert (job["ingested"], job["rejected"]) == (2, 3)
    errors = {(e["location"], e["field"]) for e in job["errors"]}  # type: ignore[union-attr]
    assert ("line 2", "marking") in errors
    assert ("line 4", "marking") in errors  # above the feed's clearance: it could not read it back
    assert any(location == "line 3" for location, _ in errors)
    assert empty_store.read("report_get_raw", {"id": "HTTP-1"})[0]["text"].startswith("Ali Hassan")
    assert empty_store.read("report_get_raw", {"id": "HTTP-3"}) == []


def test_resubmitting_the_same_report_changes_nothing(api: ApiServer, keys: dict[str, str]) -> None:
    body = json.dumps([report("HTTP-10")])
    headers = {**auth(keys["feed"]), "Content-Type": "application/json"}
    first = wait(
        api, keys["feed"], httpx.post(f"{api.url}/v1/ingest", content=body, headers=headers).json()["id"]
    )
    again = wait(
        api, keys["feed"], httpx.post(f"{api.url}/v1/ingest", content=body, headers=headers).json()["id"]
    )
    assert (first["ingested"], again["ingested"], again["unchanged"]) == (1, 0, 1)


def test_only_ingest_principals_submit(api: ApiServer, keys: dict[str, str]) -> None:
    response = httpx.post(f"{api.url}/v1/ingest", json=report("HTTP-20"), headers=auth(keys["analyst"]))
    assert response.status_code == 403


def test_an_oversized_body_is_refused_with_413(api: ApiServer, keys: dict[str, str]) -> None:
    body = json.dumps(report("HTTP-30", text="x " * 1_100_000))
    response = httpx.post(
        f"{api.url}/v1/ingest",
        content=body,
        headers={**auth(keys["feed"]), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


def test_an_unknown_media_type_is_refused_with_415(api: ApiServer, keys: dict[str, str]) -> None:
    response = httpx.post(
        f"{api.url}/v1/ingest", content=b"hello", headers={**auth(keys["feed"]), "Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_another_principals_job_is_not_found(api: ApiServer, keys: dict[str, str]) -> None:
    response = httpx.post(f"{api.url}/v1/ingest", json=report("HTTP-40"), headers=auth(keys["feed"]))
    job_id = response.json()["id"]
    hidden = httpx.get(f"{api.url}/v1/jobs/{job_id}", headers=auth(keys["other"]))
    missing = httpx.get(f"{api.url}/v1/jobs/job-doesnotexist", headers=auth(keys["other"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]
    # The job must not still be writing when the next module resets the store.
    assert wait(api, keys["feed"], job_id)["state"] == "done"
