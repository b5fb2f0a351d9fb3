"""Deep nesting over HTTP is refused with a 4xx: never a 500, a RecursionError or a hang.

Hostile bodies go to the secured server: JSON nested DEPTH levels deep to every route that
reads a JSON body, and deeply nested markings to the watchlist and to ingest. Each answer
must be a problem document with a 4xx status, quickly, and the server must log no
traceback while answering. (An ingest record with a bad marking is one rejected record of
a 202 job, as in a file: that is the documented answer, and it is checked as such.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ApiServer
from tests.security.conftest import Identities

DEPTH = 10_000
ANSWER_WITHIN_S = 10.0

DEEP_ARRAY = "[" * DEPTH + "]" * DEPTH
DEEP_OBJECT = '{"a":' * DEPTH + "1" + "}" * DEPTH


def nested_marking(depth: int) -> str:
    """A portion marking inside `depth` pairs of parentheses."""
    return "(" * depth + "S//NF" + ")" * depth


def record(marking: str) -> dict[str, str]:
    """An otherwise valid report record with `marking`."""
    return {
        "id": "DEEP-1", "agency": "FBI", "side": "LE", "marking": marking,
        "reported_at": "2024-05-01T14:30:00Z", "text": "Ali Hassan called +1 202-555-0143.",
    }


@pytest.fixture
def client(secured_api: ApiServer, security_var: Path) -> Iterator[httpx.Client]:
    """A client of the secured server; afterwards, its log must show no traceback."""
    log = security_var / "api.log"
    start = log.stat().st_size
    with httpx.Client(base_url=secured_api.url, timeout=ANSWER_WITHIN_S * 3) as http:
        yield http
    time.sleep(0.2)  # the server's last lines
    with log.open("rb") as lines:
        lines.seek(start)
        written = lines.read().decode(errors="replace")
    assert "Traceback" not in written, written[-4000:]
    assert "RecursionError" not in written, written[-4000:]


def assert_refused(response: httpx.Response, *statuses: int) -> None:
    """A quick 4xx problem document with one of `statuses`."""
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.elapsed.total_seconds() < ANSWER_WITHIN_S


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    ("path", "who"),
    [("/v1/watchlist", "watchlist_admin"), ("/v1/judgements", "analyst"), ("/v1/ingest", "ingest")],
)
def test_a_deeply_nested_json_body_is_refused(
    client: httpx.Client, identities: Identities, path: str, who: str, body: str
) -> None:
    response = client.post(
        path, content=body, headers={**identities.headers(who), "Content-Type": "application/json"}
    )
    assert_refused(response, 400, 422)


@pytest.mark.parametrize("depth", [90, DEPTH])
def test_a_deeply_nested_watchlist_marking_is_refused(
    client: httpx.Client, identities: Identities, depth: int
) -> None:
    entry = {"key": "person:deep", "reason": "nesting", "marking": nested_marking(depth)}
    response = client.post("/v1/watchlist", json=entry, headers=identities.headers("watchlist_admin"))
    assert_refused(response, 422)
    assert response.json()["errors"][0]["field"].endswith("marking")


@pytest.mark.parametrize("depth", [90, DEPTH])
def test_a_deeply_nested_ingest_marking_rejects_its_record(
    client: httpx.Client, identities: Identities, depth: int
) -> None:
    body = record(nested_marking(depth))
    response = client.post("/v1/ingest", json=body, headers=identities.headers("ingest"))
    assert response.status_code == 202, response.text[:500]
    job = response.json()
    assert (job["total"], job["rejected"]) == (1, 1)
    assert [error["field"] for error in job["errors"]] == ["marking"]


def test_a_jsonl_body_of_deep_lines_rejects_each_line(client: httpx.Client, identities: Identities) -> None:
    lines = "\n".join([DEEP_ARRAY, DEEP_OBJECT, json.dumps(record(nested_marking(DEPTH)))])
    response = client.post(
        "/v1/ingest", content=lines,
        headers={**identities.headers("ingest"), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 202, response.text[:500]
    job = response.json()
    assert (job["total"], job["rejected"]) == (3, 3)
    assert [error["location"] for error in job["errors"]] == ["line 1", "line 2", "line 3"]
