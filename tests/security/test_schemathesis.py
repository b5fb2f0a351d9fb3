"""Schemathesis over the live API's OpenAPI document, with every check it has.

A dedicated server (its own var directory, so its own principals file, audit log and
`api.log`) runs on the session's Neo4j holding the hand-built scenario. Schemathesis reads
`/openapi.json` from it over HTTP and runs its engine as its CLI does, every phase named
explicitly: schema examples, coverage cases (boundaries, negative values, unexpected
methods), generated requests, and stateful sequences over the links it infers. It sends
them as one principal holding every role and every token of the marking scheme, so no
route is refused for want of a role. Every check runs, `ignored_auth` included: on an
accepted request it replays it without a credential and with a bogus one and expects a
401 or 403 each time.

One kind of check failure is expected and set aside: a schema-valid request refused with
the documented 422 naming only a constraint that an OpenAPI schema cannot state (a cursor
the server never issued, `until` not after `since`, two parameters that must differ or
exclude each other, a marking outside the marking grammar). Those are listed in
UNSTATABLE, field by field and message by message; any other refusal is a failure. And a
"schema-violating" text body (CSV, JSON lines) is set aside: every text is a string, and
the server takes any text as a job whose bad lines are rejected records.

The default run is bounded (DEFAULT_EXAMPLES generated requests per operation, besides
the examples, coverage and stateful cases, about a minute) and deterministic: a fixed seed
and Hypothesis derandomized (no example database), so that every CI run sends the same
requests and a red run is a change in the code, not a different draw. The `soak` run
generates SOAK_EXAMPLES per operation from a fresh random seed, to explore. Either must
end with 0 failures and 0 errors. A failure is reported with its check, a curl command
reproducing it, the answer, and the seed.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import schemathesis
from schemathesis.engine import Status, StopReason, events, from_schema

from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.conftest import ApiServer, api_env
from tests.queries import scenario
from tests.queries.world import write

DEFAULT_EXAMPLES = 15
DEFAULT_SEED = 5
SOAK_EXAMPLES = 500

METHODS = frozenset({"get", "put", "post", "delete", "patch"})

ALWAYS_ACCEPTED = frozenset({"GET /v1/me", "GET /v1/audit/verify", "GET /v1/watchlist", "GET /v1/areas"})
"""Operations that accept any well-formed request, so `ignored_auth` must probe each."""

UNSTATABLE: dict[str, tuple[str, ...]] = {
    # An opaque token: only the server's own `next_cursor` is one.
    "query.cursor": ("not a cursor of this list",),
    # Between parameters: OpenAPI constrains each parameter on its own.
    "query.until": ("must be after since",),
    "query.since": ("a window is only for an area", "the previous window would start before year 1"),
    "query.target": ("must differ from source",),
    "query.entity": ("give exactly one of entity, report and area",),
    "body.b": ("must differ from a",),
    "body.key": ("give either key, or kind and value",),
    "body.value": ("not a valid ", "not a usable "),  # what a valid value is depends on `kind`
    # The marking grammar and the caller's own clearance.
    "body.marking": ("unparseable marking ", "the marking is above what the caller may read"),
    # The operator's webhook allow-list is configuration, not schema.
    "body.url": ("the destination is not on the webhook allow-list",),
}
"""422 answers to schema-valid requests that are correct: field -> message prefixes."""


@dataclass
class Outcome:
    """What one engine run did and found."""

    seed: int
    operations: set[str] = field(default_factory=set)
    cases: Counter[str] = field(default_factory=Counter)
    checks: Counter[str] = field(default_factory=Counter)
    auth_probed: set[str] = field(default_factory=set)
    set_aside: Counter[str] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    stop_reason: StopReason | None = None

    def fail(self, kind: str, detail: str) -> None:
        """Record a failure of `kind` (operation, check, title); `detail` reproduces it."""
        self.failures.setdefault(kind, []).append(detail)

    def summary(self) -> str:
        """One line of figures: seed, operations, requests, checks, failures, errors."""
        failures = sum(map(len, self.failures.values()))
        return (
            f"seed {self.seed}, stopped {self.stop_reason}: {len(self.operations)} operations, "
            f"{self.cases.total()} cases, {self.checks.total()} checks run, "
            f"ignored_auth probed {len(self.auth_probed)} operations, "
            f"{self.set_aside.total()} unstatable 422s set aside {dict(self.set_aside)}, "
            f"{failures} failures of {len(self.failures)} kinds, {len(self.errors)} errors"
        )

    def report(self) -> str:
        """The summary, then each distinct failure (count, first instance) and each error."""
        kinds = [f"{kind} (x{len(found)})\n{found[0]}" for kind, found in self.failures.items()]
        return "\n\n".join([self.summary(), *kinds, *self.errors])


TEXT_BODIES = frozenset({"text/csv", "application/x-ndjson", "application/jsonl"})


def unstatable(check: str, status: int, body: bytes) -> str | None:
    """The fields, if `check` refused positive data with a 422 naming only UNSTATABLE ones."""
    if check != "positive_data_acceptance" or status != 422:
        return None
    try:
        named = [(error["field"], error["message"]) for error in json.loads(body)["errors"]]
    except (ValueError, KeyError, TypeError):
        return None
    if named and all(message.startswith(UNSTATABLE.get(name, ())) for name, message in named):
        return ", ".join(sorted({name for name, _ in named}))
    return None


def record(outcome: Outcome, event: events.ScenarioFinished) -> None:
    """Count the cases and checks of one finished scenario; keep its failures."""
    recorder = event.recorder
    outcome.cases[recorder.label] += len(recorder.cases)
    for case_id, checks in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        response = interaction.response if interaction is not None else None
        for check in checks:
            outcome.checks[check.name] += 1
            if check.name == "ignored_auth" and response is not None and response.status_code < 300:
                outcome.auth_probed.add(recorder.cases[case_id].value.operation.label)
            if check.status is not Status.FAILURE or check.failure_info is None:
                continue
            if response is not None and (
                name := unstatable(check.name, response.status_code, response.content)
            ):
                outcome.set_aside[name] += 1
                continue
            if check.name == "negative_data_rejection" and (
                recorder.cases[case_id].value.media_type in TEXT_BODIES
            ):
                # A text body is a string whatever schemathesis meant it to be: its "not a
                # string" mutation (30 for "30") reaches the server as the same text.
                outcome.set_aside["text body"] += 1
                continue
            failure = check.failure_info.failure
            answer = "" if response is None else f"\n-> {response.status_code} {response.content[:400]!r}"
            outcome.fail(
                f"{failure.operation}: {check.name}: {failure.title}",
                f"[{event.phase.value}] {failure.message}\n{check.failure_info.code_sample}{answer}",
            )


STREAMS = ["/v1/alerts/stream"]


def run_schemathesis(server: ApiServer, key: str, max_examples: int, *, seed: int | None) -> Outcome:
    """Run every phase and every check against `server`, authenticated with `key`.

    With a `seed` the run is deterministic; without one it draws a seed and explores.
    """
    outcome = Outcome(seed=random.randrange(2**32) if seed is None else seed)
    config = schemathesis.Config.from_dict({
        "seed": outcome.seed,
        "headers": {"Authorization": f"Bearer {key}"},
        "checks": {"enabled": True},
        "generation": {"max-examples": max_examples, "mode": "all", "deterministic": seed is not None},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": True},
        },
        "request-timeout": 60,
        "continue-on-failure": True,
        "cache": {"enabled": False},  # each run stands alone, replayable from its seed
    })
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json", config=config)
    # The alert stream never ends by design: a fuzzer's request to it would only time out.
    # tests/api/test_alerts.py reads it as a client does.
    schema = schema.exclude(path=STREAMS)
    outcome.operations = {
        f"{method.upper()} {path}"
        for path, item in schema.raw_schema["paths"].items() if path not in STREAMS
        for method in item if method in METHODS
    }
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            record(outcome, event)
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"[{event.phase}] {event.label}: {event.info}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            outcome.stop_reason = event.stop_reason
            for failure in event.failures:
                outcome.fail(f"after the run: {failure.title}", failure.message)
    return outcome


def assert_clean(outcome: Outcome, server_log: Path) -> None:
    """Nothing failed, every operation was exercised and authentication was probed."""
    print(outcome.summary())  # shown with -s or -rA: the figures of the run
    if outcome.failures or outcome.errors or outcome.stop_reason is not StopReason.COMPLETED:
        pytest.fail(f"{outcome.report()}\n\nserver tracebacks: {server_log}", pytrace=False)
    assert set(outcome.cases) - {"Stateful tests"} == outcome.operations, outcome.cases
    assert outcome.auth_probed >= ALWAYS_ACCEPTED, sorted(outcome.auth_probed)


@pytest.fixture(scope="module")
def fuzz_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The var directory of the server under test: principals file, audit log, api.log."""
    return tmp_path_factory.mktemp("schemathesis-var")


@pytest.fixture(scope="module")
def fuzz_key(fuzz_var: Path) -> str:
    """The API key of a principal holding every role and every token of the scheme."""
    _, key = PrincipalStore(fuzz_var / "principals.json").add(
        name="schemathesis", roles=list(Role), clearance="TS", compartments=["SI", "TK", "HCS"],
        citizenship=["USA"], authorizations=["LES", "CUI", "ORCON"],
    )
    return key


@pytest.fixture(scope="module")
def fuzz_api(
    settings: Settings, neo4j_uri: str, store: Store, fuzz_var: Path, fuzz_key: str
) -> Iterator[ApiServer]:
    """A server of our own over the hand-built scenario; its ingest jobs are drained before
    it stops (they are durable: left queued, another module's server would run them)."""
    write(store, scenario.WORLD)
    server = ApiServer(
        api_env(settings, neo4j_uri, NEXUS_VAR_DIR=str(fuzz_var), NEXUS_MAX_REQUEST_BYTES="200000"),
        fuzz_var / "api.log",
    )
    yield server
    deadline = time.monotonic() + 600
    while store.read("job_open_count", {})[0]["open"] and time.monotonic() < deadline:
        time.sleep(0.5)
    server.stop()


def test_api_conforms_to_its_schema(fuzz_api: ApiServer, fuzz_key: str, fuzz_var: Path) -> None:
    """Every answer is documented and valid, auth is enforced, no request is a 500."""
    outcome = run_schemathesis(fuzz_api, fuzz_key, DEFAULT_EXAMPLES, seed=DEFAULT_SEED)
    assert_clean(outcome, fuzz_var / "api.log")


@pytest.mark.soak
def test_api_conforms_to_its_schema_soak(fuzz_api: ApiServer, fuzz_key: str, fuzz_var: Path) -> None:
    """The same with many more generated requests per operation."""
    assert_clean(run_schemathesis(fuzz_api, fuzz_key, SOAK_EXAMPLES, seed=None), fuzz_var / "api.log")


def test_every_authenticated_operation_documents_auth_and_problems(fuzz_api: ApiServer) -> None:
    """What `ignored_auth` and the conformance checks rely on, stated for every operation."""
    spec = httpx.get(f"{fuzz_api.url}/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if not path.startswith("/v1/"):
                assert "security" not in operation, (method, path)
                continue
            assert operation["security"] == [{"bearer": []}, {"apiKey": []}], (method, path)
            for status in ("401", "403", "404", "503", "504", *(s for s in ("422",) if s in responses)):
                assert responses[status]["content"] == problem, (method, path, status)
            assert "WWW-Authenticate" in responses["401"]["headers"]


def test_a_405_names_every_method_of_the_path(fuzz_api: ApiServer, fuzz_key: str) -> None:
    """Starlette's own 405 names only the first route of a path; GET and POST share one."""
    response = httpx.put(f"{fuzz_api.url}/v1/watchlist", headers={"Authorization": f"Bearer {fuzz_key}"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_refusal_outside_unstatable_is_a_failure() -> None:
    """The set-aside rule is narrow: a field or a message it does not list still fails."""

    def body(*errors: tuple[str, str]) -> bytes:
        return json.dumps({"errors": [{"field": f, "message": m} for f, m in errors]}).encode()

    cursor = ("query.cursor", "not a cursor of this list")
    assert unstatable("positive_data_acceptance", 422, body(cursor)) == "query.cursor"
    assert unstatable("positive_data_acceptance", 422, body(cursor, ("query.q", "must not be blank"))) is None
    assert unstatable("positive_data_acceptance", 422, body(("query.cursor", "other"))) is None
    assert unstatable("positive_data_acceptance", 422, body()) is None
    assert unstatable("positive_data_acceptance", 422, b"not json") is None
    assert unstatable("positive_data_acceptance", 500, body(cursor)) is None
    assert unstatable("response_schema_conformance", 422, body(cursor)) is None
