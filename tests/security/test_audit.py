"""The audit log: one record per request, a chain that verifies, tampering named precisely.

Tampering is done on copies of a log built here (with a checkpoint on close, as a server
writes at shutdown), and `verify` must name the first bad record for every kind of edit at
the first, a middle and the last position.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI, Request

from graph_service.api import problems
from graph_service.audit import (
    AUDIT_FILE,
    CHECKPOINT_FILE,
    GENESIS,
    AuditEntry,
    AuditLog,
    AuditMiddleware,
    record_hash,
    release,
    verify,
)
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from tests.conftest import ROOT, ApiServer, api_env
from tests.security.conftest import AUDIT_KEY, Identities

KEY = b"unit-test-audit-key"
RECORDS = 12
Lines = list[str]


def _entry(n: int) -> AuditEntry:
    return AuditEntry(
        principal=f"usr_{n:04d}", route="/v1/reports/{id}", method="GET",
        params={"path": {"id": f"r-{n}"}, "query": {}}, status=200, released=[f"r-{n}"],
    )


def _build_log(dir: Path, checkpoint_every: int = 3, records: int = RECORDS) -> Path:
    log = AuditLog(dir, KEY, checkpoint_every)
    for n in range(1, records + 1):
        log.append(_entry(n))
    log.close()
    return dir


def _lines(dir: Path) -> Lines:
    return (dir / AUDIT_FILE).read_text().splitlines(keepends=True)


def _tampered(source: Path, target: Path, change: Callable[[Lines], Lines]) -> Path:
    shutil.copytree(source, target)
    (target / AUDIT_FILE).write_text("".join(change(_lines(source))))
    return target


def _flip(lines: Lines, p: int) -> Lines:
    record = json.loads(lines[p - 1])
    record["status"] = 403
    return [*lines[: p - 1], json.dumps(record) + "\n", *lines[p:]]


def _delete(lines: Lines, p: int) -> Lines:
    return lines[: p - 1] + lines[p:]


def _insert(lines: Lines, p: int) -> Lines:
    # A forgery done well: right seq, right prev and a recomputed hash.
    record = json.loads(lines[p - 1])
    record["principal"] = "usr_mallory"
    record["prev"] = GENESIS if p == 1 else json.loads(lines[p - 2])["hash"]
    record["hash"] = record_hash(record)
    return [*lines[: p - 1], json.dumps(record) + "\n", *lines[p - 1:]]


def _swap(lines: Lines, p: int) -> Lines:
    q = min(p, len(lines) - 1)  # the last record swaps with the one before it
    out = list(lines)
    out[q - 1], out[q] = out[q], out[q - 1]
    return out


def _duplicate(lines: Lines, p: int) -> Lines:
    return [*lines[:p], lines[p - 1], *lines[p:]]


def _truncate(lines: Lines, p: int) -> Lines:
    return lines[: p - 1]


# kind -> (edit at position p, the record verify must name)
TAMPERING: dict[str, tuple[Callable[[Lines, int], Lines], Callable[[int], int]]] = {
    "flip": (_flip, lambda p: p),
    "delete": (_delete, lambda p: p),
    "insert": (_insert, lambda p: p),
    "swap": (_swap, lambda p: min(p, RECORDS - 1)),
    "duplicate": (_duplicate, lambda p: p + 1),  # the second copy is the bad one
    "truncate": (_truncate, lambda p: p),  # the first record missing
}
POSITIONS = {"first": 1, "middle": RECORDS // 2, "last": RECORDS}


@pytest.fixture(scope="module")
def built_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed log of RECORDS records with a checkpoint every 3 (and one on close)."""
    return _build_log(tmp_path_factory.mktemp("audit") / "audit")


# ------------------------------------------------------------------ the log itself


def test_a_fresh_log_verifies_and_chains_from_genesis(built_log: Path) -> None:
    result = verify(built_log, KEY)
    assert (result.ok, result.records, result.first_bad) == (True, RECORDS, None)
    records = [json.loads(line) for line in _lines(built_log)]
    assert [r["seq"] for r in records] == list(range(1, RECORDS + 1))
    assert records[0]["prev"] == GENESIS
    assert all(b["prev"] == a["hash"] for a, b in itertools.pairwise(records))
    assert all(record_hash(r) == r["hash"] for r in records)
    checkpoints = [json.loads(line) for line in (built_log / CHECKPOINT_FILE).read_text().splitlines()]
    assert [c["seq"] for c in checkpoints] == [3, 6, 9, 12]
    assert checkpoints[-1]["head"] == records[-1]["hash"]


def test_records_are_canonical_json(built_log: Path) -> None:
    for line in _lines(built_log):
        canonical = json.dumps(json.loads(line), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert line == canonical + "\n"


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("kind", TAMPERING)
def test_tampering_names_the_first_bad_record(built_log: Path, tmp_path: Path, kind: str, where: str) -> None:
    change, expected = TAMPERING[kind]
    position = POSITIONS[where]
    copy = _tampered(built_log, tmp_path / "copy", lambda lines: change(lines, position))
    result = verify(copy, KEY)
    assert not result.ok
    assert result.first_bad == expected(position), result.reason


@pytest.mark.parametrize("position", [1, 5, RECORDS])
def test_a_rewrite_with_recomputed_hashes_is_caught_by_the_checkpoints(tmp_path: Path, position: int) -> None:
    source = _build_log(tmp_path / "source", checkpoint_every=1)

    def rewrite(lines: Lines) -> Lines:
        records = [json.loads(line) for line in lines]
        records[position - 1]["principal"] = "usr_mallory"
        for i in range(position - 1, len(records)):
            records[i]["prev"] = GENESIS if i == 0 else records[i - 1]["hash"]
            records[i]["hash"] = record_hash(records[i])
        return [json.dumps(r) + "\n" for r in records]

    result = verify(_tampered(source, tmp_path / "copy", rewrite), KEY)
    assert not result.ok
    assert result.first_bad == position, result.reason


def test_with_sparser_checkpoints_a_rewrite_is_placed_after_the_last_good_checkpoint(
    built_log: Path, tmp_path: Path
) -> None:
    def rewrite_from_8(lines: Lines) -> Lines:
        records = [json.loads(line) for line in lines]
        records[7]["status"] = 500
        for i in range(7, len(records)):
            records[i]["prev"] = records[i - 1]["hash"]
            records[i]["hash"] = record_hash(records[i])
        return [json.dumps(r) + "\n" for r in records]

    result = verify(_tampered(built_log, tmp_path / "copy", rewrite_from_8), KEY)
    assert (result.ok, result.first_bad) == (False, 7)  # checkpoint 6 still holds


def test_a_torn_last_record_is_named(built_log: Path, tmp_path: Path) -> None:
    copy = _tampered(built_log, tmp_path / "copy", lambda lines: [*lines[:-1], lines[-1][:40]])
    assert verify(copy, KEY).first_bad == RECORDS


def test_a_forged_checkpoint_or_a_wrong_key_fails(built_log: Path, tmp_path: Path) -> None:
    assert not verify(built_log, b"another key").ok
    copy = tmp_path / "copy"
    shutil.copytree(built_log, copy)
    checkpoints = (copy / CHECKPOINT_FILE).read_text().splitlines()
    forged = json.loads(checkpoints[0])
    forged["head"] = "f" * 64
    (copy / CHECKPOINT_FILE).write_text("\n".join([json.dumps(forged), *checkpoints[1:]]) + "\n")
    result = verify(copy, KEY)
    assert not result.ok
    assert "checkpoint" in result.reason


def test_appending_after_a_torn_tail_fails_instead_of_chaining_on(built_log: Path, tmp_path: Path) -> None:
    copy = _tampered(built_log, tmp_path / "copy", lambda lines: [*lines[:-1], lines[-1][:40]])
    with pytest.raises(Exception, match="partial record"):
        AuditLog(copy, KEY, 3).append(_entry(99))


@pytest.mark.parametrize(("kind", "where"), [("flip", "middle"), ("delete", "last"), ("truncate", "first")])
def test_nexus_audit_verify_exits_1_naming_the_first_bad_record(
    built_log: Path, tmp_path: Path, kind: str, where: str
) -> None:
    change, expected = TAMPERING[kind]
    position = POSITIONS[where]
    _tampered(built_log, tmp_path / "var" / "audit", lambda lines: change(lines, position))
    result = _nexus(["audit", "verify"], tmp_path / "var", KEY.decode())
    assert result.returncode == 1
    assert f"first bad record: {expected(position)}" in " ".join(result.stderr.split())


def test_nexus_audit_verify_exits_0_on_an_intact_log(built_log: Path, tmp_path: Path) -> None:
    shutil.copytree(built_log, tmp_path / "var" / "audit")
    result = _nexus(["audit", "verify"], tmp_path / "var", KEY.decode())
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stderr


def test_nexus_audit_export_prints_the_window_as_chained(built_log: Path, tmp_path: Path) -> None:
    shutil.copytree(built_log, tmp_path / "var" / "audit")
    records = [json.loads(line) for line in _lines(built_log)]
    since, until = records[3]["time"], records[7]["time"]
    result = _nexus(["audit", "export", "--since", since, "--until", until], tmp_path / "var", KEY.decode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines(keepends=True) == _lines(built_log)[3:7]


def _nexus(args: list[str], var: Path, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEXUS_ENV": "test", "NEXUS_VAR_DIR": str(var), "NEXUS_AUDIT_KEY": key}
    return subprocess.run(
        [sys.executable, "-c", "from graph_service.cli import app; app()", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


# ------------------------------------------------------------------ the middleware, in process


def _tiny_app(log: AuditLog) -> FastAPI:
    app = FastAPI()
    problems.install(app)
    app.add_middleware(AuditMiddleware)
    app.state.nexus = SimpleNamespace(audit=log)

    @app.get("/reports/{report_id}")
    def read(report_id: str, request: Request) -> dict[str, str]:
        release(request, [report_id, "r-2", report_id], withheld=2, pointers=[POINTER])
        release(request, ["r-3"], withheld=1)
        return {"id": report_id}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("an unexpected failure")

    return app


def _get(app: FastAPI, path: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://nexus.test") as client:
            return await client.get(path)

    return anyio.run(go)


POINTER = {"ref": "PTR-9", "entity": "person:x", "subjects": ["person:y"], "reports": ["r-9"]}


def test_release_records_report_ids_withheld_counts_and_pointers(tmp_path: Path) -> None:
    log = AuditLog(tmp_path, KEY, 100)
    response = _get(_tiny_app(log), "/reports/r-1?fields=a&fields=b")
    assert response.status_code == 200
    [record] = [json.loads(line) for line in _lines(tmp_path)]
    assert record["route"] == "/reports/{report_id}"
    assert record["params"] == {"path": {"report_id": "r-1"}, "query": {"fields": ["a", "b"]}}
    assert record["released"] == ["r-1", "r-2", "r-3"]
    assert (record["withheld"], record["pointers"], record["status"]) == (3, [POINTER], 200)


def test_an_unhandled_error_is_recorded_once_as_500(tmp_path: Path) -> None:
    log = AuditLog(tmp_path, KEY, 100)
    response = _get(_tiny_app(log), "/boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    [record] = [json.loads(line) for line in _lines(tmp_path)]
    assert (record["route"], record["status"]) == ("/boom", 500)


def test_an_audit_write_failure_turns_the_response_into_a_500(tmp_path: Path) -> None:
    (tmp_path / AUDIT_FILE).mkdir()  # the log cannot be opened for writing
    response = _get(_tiny_app(AuditLog(tmp_path, KEY, 100)), "/reports/r-secret")
    assert response.status_code == 500
    # The problem document, not the route's answer ({"id": ...}) that was never sent.
    assert response.json() == {
        "type": "about:blank", "title": "Internal Server Error", "status": 500,
        "instance": "/reports/r-secret",
    }


# ------------------------------------------------------------------ over HTTP


def _audit_lines(security_var: Path) -> list[dict[str, Any]]:
    path = security_var / "audit" / AUDIT_FILE
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_exactly_one_record_per_request(
    secured_api: ApiServer, identities: Identities, security_var: Path
) -> None:
    analyst, auditor = identities.principals["analyst"], identities.principals["auditor"]
    calls = [
        ("/v1/me", {}, 401, None, "/v1/me", {}),
        ("/v1/me", identities.headers("analyst"), 200, analyst.id, "/v1/me", {}),
        ("/v1/audit", identities.headers("analyst"), 403, analyst.id, "/v1/audit", {}),
        ("/v1/audit?limit=5000", identities.headers("auditor"), 422, auditor.id, "/v1/audit",
         {"limit": "5000"}),
        ("/v1/audit?limit=1", identities.headers("auditor"), 200, auditor.id, "/v1/audit", {"limit": "1"}),
        ("/v1/no/such/route?q=1", identities.headers("analyst"), 404, None, "/v1/no/such/route",
         {"q": "1"}),
    ]
    for url, headers, status, principal, route, query in calls:
        before = _audit_lines(security_var)
        response = httpx.get(f"{secured_api.url}{url}", headers=headers)
        assert response.status_code == status, (url, response.text)
        after = _audit_lines(security_var)
        assert len(after) == len(before) + 1, url
        record = after[-1]
        assert (record["principal"], record["route"], record["method"], record["status"]) == (
            principal, route, "GET", status
        )
        assert record["params"]["query"] == query


def test_health_probes_are_not_recorded(secured_api: ApiServer, security_var: Path) -> None:
    before = len(_audit_lines(security_var))
    assert httpx.get(f"{secured_api.url}/healthz").status_code == 200
    httpx.get(f"{secured_api.url}/readyz")
    assert len(_audit_lines(security_var)) == before


def test_the_chain_verifies_after_requests(
    secured_api: ApiServer, identities: Identities, security_var: Path
) -> None:
    for label in ("analyst", "auditor", "roleless"):
        httpx.get(f"{secured_api.url}/v1/me", headers=identities.headers(label))
    response = httpx.get(f"{secured_api.url}/v1/audit/verify", headers=identities.headers("auditor"))
    body = response.json()
    assert body["ok"] is True, body
    assert body["first_bad"] is None
    direct = verify(security_var / "audit", AUDIT_KEY.encode())
    assert direct.ok, direct.reason


def test_auditors_page_through_the_log_with_a_cursor(
    secured_api: ApiServer, identities: Identities, security_var: Path
) -> None:
    for _ in range(3):
        httpx.get(f"{secured_api.url}/v1/me", headers=identities.headers("analyst"))
    on_disk = _audit_lines(security_var)
    seen: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = httpx.get(
            f"{secured_api.url}/v1/audit", params=params, headers=identities.headers("auditor")
        ).json()
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    # Each page request is itself recorded, after the page was read.
    assert seen[: len(on_disk)] == on_disk
    assert [r["seq"] for r in seen] == list(range(1, len(seen) + 1))
    assert all(record_hash(r) == r["hash"] for r in seen)


def test_auditors_export_a_time_window(
    secured_api: ApiServer, identities: Identities, security_var: Path
) -> None:
    records = _audit_lines(security_var)
    assert len(records) >= 4
    since, until = records[1]["time"], records[3]["time"]
    page = httpx.get(
        f"{secured_api.url}/v1/audit", params={"since": since, "until": until, "limit": 1000},
        headers=identities.headers("auditor"),
    ).json()
    assert [r["seq"] for r in page["items"]] == [records[1]["seq"], records[2]["seq"]]


def test_an_unwritable_audit_log_fails_every_request_with_500(
    settings: Settings, neo4j_uri: str, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    (var / "audit" / AUDIT_FILE).mkdir(parents=True)  # a directory where the log file should be
    _, key = PrincipalStore(var / "principals.json").add(name="analyst", roles=[Role.ANALYST], clearance="U")
    env = api_env(settings, neo4j_uri, NEXUS_VAR_DIR=str(var))
    server = ApiServer(env, tmp_path / "api.log", verify_audit=False)  # there is no log to verify
    try:
        assert httpx.get(f"{server.url}/healthz").status_code == 200  # probes are not audited
        for headers in ({"X-API-Key": key}, {}):
            response = httpx.get(f"{server.url}/v1/me", headers=headers)
            assert response.status_code == 500, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            assert "analyst" not in response.text
    finally:
        server.stop()
