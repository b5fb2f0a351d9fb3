"""Seeded leaks: the noninterference tests must catch every one of them.

Each mutant is a leak peers have shipped, seeded into a running Nexus by this test alone:
a query file with its visibility filter moved or dropped (through the store's catalogue,
`graph_service.store.cypher.load`, which every query goes through), or an API step that
looks past the caller (monkeypatched).
The product code holds no switch for any of them.

For each mutant, hypothesis draws cases from the same strategies as the noninterference
tests — derandomized, so the figures repeat — until the check fails; the number of
cases it took is printed and written to `<var>/seeded-leaks.json`. A mutant that survives
its budget fails the test: the noninterference tests would have missed that leak.
A mutant takes tens of cases to show (about a second each), so this is a soak job:
`make soak` runs it. The write side's leaks (issue #25) are seeded the same way and must
be caught by the write-time noninterference test or the audit redaction property.
"""

from __future__ import annotations

import contextlib
import json
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import graph_service.audit.log
import ingest.resolve.namesakes
import ingest.writer
import queries
import queries.entities
from graph_service.api.app import create_app
from graph_service.api.problems import Problem
from graph_service.api.routes import exports as export_routes
from graph_service.api.routes import nexus as nexus_routes
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.store import cypher as catalogue
from graph_service.visibility import Viewer
from queries import analytics
from tests.api.test_noninterference_http import Callers
from tests.api.test_noninterference_http import check as check_http
from tests.queries.test_noninterference import cases, distinct, picks
from tests.queries.test_noninterference import check as check_queries
from tests.queries.world import GOD
from tests.security.test_audit_redaction import check as check_redaction
from tests.security.test_audit_redaction import leaky_entries
from tests.security.test_write_noninterference import check as check_writes
from tests.security.test_write_noninterference import worlds

pytestmark = pytest.mark.soak

Apply = Callable[[pytest.MonkeyPatch, Store], None]
FILTER = "all(c IN {x}.vis WHERE any(tk IN split(c, '|') WHERE tk IN $tokens))"
BUDGET = 200


def cypher(name: str, *edits: tuple[str, str, int]) -> Apply:
    """Serve query `name` with each edit (the `nth` occurrence of `old` becomes `new`)."""

    def apply(mp: pytest.MonkeyPatch, store: Store) -> None:
        original = catalogue.load
        mutated = original(name)
        for old, new, nth in edits:
            parts = mutated.split(old)
            assert len(parts) > nth + 1, f"{name}: the text to seed the leak in is gone"
            mutated = old.join(parts[: nth + 1]) + new + old.join(parts[nth + 1 :])
        mp.setattr(catalogue, "load", lambda n: mutated if n == name else original(n))

    return apply


def _look_past_the_caller(raise_for: Callable[[str, Any], Problem]) -> Apply:
    """The profile route, when the caller sees nothing, asks again with every token and
    answers with what `raise_for(key, that profile)` makes of it."""

    def apply(mp: pytest.MonkeyPatch, store: Store) -> None:
        original = queries.entities.profile

        def profile(store: Store, viewer: Viewer, key: str, **kw: Any) -> Any:
            found = original(store, viewer, key, **kw)
            if found is None and (everything := original(store, GOD, key, **kw)) is not None:
                raise raise_for(key, everything)
            return found

        mp.setattr(queries.entities, "profile", profile)

    return apply


def _hidden_ids_in_exports(mp: pytest.MonkeyPatch, store: Store) -> None:
    """The exporter adds each node's reports, looked up without the caller's tokens."""
    original = analytics.export

    def export(sub: Any, fmt: Any) -> bytes:
        data = json.loads(original(sub, fmt))
        for node in data["nodes"]:
            page = queries.entities.timeline(store, GOD, node["id"])
            node["reports"] = [item.report.id for item in page.items] if page else []
        return json.dumps(data, sort_keys=True).encode()

    mp.setattr(export_routes, "export", export)


def _pointer_with_content(mp: pytest.MonkeyPatch, store: Store) -> None:
    """The pointer names the subjects it stands for."""
    original = nexus_routes.pointers_for

    def pointers_for(*args: Any) -> Any:
        return [
            (p.model_copy(update={"message": f"{p.message} ({', '.join(a['subjects'])})"}), a)
            for p, a in original(*args)
        ]

    mp.setattr(nexus_routes, "pointers_for", pointers_for)


@dataclass(frozen=True)
class Mutant:
    """A seeded leak, and whether the query-level or the HTTP check is to catch it."""

    name: str
    apply: Apply
    http: bool = False


def unfiltered(x: str, nth: int = 0) -> tuple[str, str, int]:
    """The edit dropping the `nth` visibility filter on variable `x`."""
    return FILTER.format(x=x), "true", nth


MUTANTS = (
    Mutant("no filter on RELATED", cypher("entity_links", unfiltered("x"))),
    Mutant("a count taken before filtering", cypher("entity_profile", unfiltered("r"))),
    Mutant("a display name from a hidden mention", cypher("entity_search", unfiltered("t"))),
    Mutant("a hidden alias used to resolve", cypher("entity_search", unfiltered("r"))),
    Mutant("LIMIT before the filter", cypher(
        "entity_timeline", unfiltered("r"),
        ("RETURN size(rows) AS total, rows[$skip..($skip + $limit)] AS page",
         f"RETURN size([x IN rows WHERE {FILTER.format(x='x')}]) AS total, "
         f"[x IN rows[$skip..($skip + $limit)] WHERE {FILTER.format(x='x')}] AS page", 0),
    )),
    Mutant("a total computed on all data", cypher(
        "watch_list", ("RETURN size(rows) AS total", "RETURN COUNT { MATCH (:Watch) } AS total", 0)
    )),
    Mutant("a subject flag from a hidden watchlist entry", cypher("node_info", unfiltered("w"))),
    Mutant("403 instead of 404", _look_past_the_caller(
        lambda key, _: Problem(403, "Forbidden", "you are not cleared for this entity")
    ), http=True),
    Mutant("a label quoted in an error", _look_past_the_caller(
        lambda key, found: Problem(404, "Not Found", f"no such object at your level ({found.latest[0].vis})")
    ), http=True),
    Mutant("a hidden id inside an export", _hidden_ids_in_exports, http=True),
    Mutant("a pointer carrying content", _pointer_with_content, http=True),
)


def cases_to_catch(check: Callable[[Any, dict[str, Any], bool], None]) -> int | None:
    """How many derandomized cases `check` takes to fail, or None within BUDGET."""
    tried = 0
    caught: int | None = None

    @settings(max_examples=BUDGET, phases=[Phase.generate], database=None, derandomize=True,
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=cases(), pick=picks, pointers=st.booleans())
    def search(case: Any, pick: dict[str, Any], pointers: bool) -> None:
        nonlocal tried, caught
        tried += 1
        try:
            check(case, distinct(pick), pointers)
        except Exception:
            # A difference, a pointer off its template, or the product failing closed on
            # what it re-checks: in every case the noninterference test fails.
            caught = tried if caught is None else caught
            raise

    with contextlib.suppress(Exception):  # the failure is the expected outcome, counted above
        search()
    return caught


@pytest.fixture(scope="module")
def leaky_callers(settings: Settings, neo4j_uri: str, store: Store,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callers]:
    """An API served in this process, so that the mutants seeded here reach it, with
    pointers uncapped so that every pointer the policy allows is issued."""
    local = settings.model_copy(update={
        "var_dir": tmp_path_factory.mktemp("leaky"), "neo4j_uri": neo4j_uri, "pointers_per_hour": 10**9,
    })
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(
        create_app(local), host="127.0.0.1", port=port, log_level="warning", access_log=False
    ))
    thread = threading.Thread(target=server.run, name="leaky-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the in-process API did not start")
        time.sleep(0.05)
    yield Callers(local, f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(30)


CAUGHT: dict[str, int | None] = {}


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_the_noninterference_tests_catch_the_seeded_leak(
    mutant: Mutant, empty_store: Store, leaky_callers: Callers, settings: Settings
) -> None:
    def check(case: Any, pick: dict[str, Any], pointers: bool) -> None:
        if mutant.http:
            check_http(leaky_callers, empty_store, case, pick, pointers)
        else:
            check_queries(empty_store, case, pick)

    with pytest.MonkeyPatch.context() as mp:
        mutant.apply(mp, empty_store)
        CAUGHT[mutant.name] = cases_to_catch(check)
    (settings.var_dir / "seeded-leaks.json").write_text(json.dumps(CAUGHT, indent=2) + "\n")
    print(f"{mutant.name}: caught after {CAUGHT[mutant.name]} cases")
    assert CAUGHT[mutant.name] is not None, f"{mutant.name}: not caught in {BUDGET} cases"


def test_the_unseeded_product_passes_the_same_cases(empty_store: Store, leaky_callers: Callers) -> None:
    """The same derandomized cases find nothing without a mutant: the catches above are
    the leaks', not noise."""
    def check(case: Any, pick: dict[str, Any], pointers: bool) -> None:
        check_http(leaky_callers, empty_store, case, pick, pointers)

    assert cases_to_catch(check) is None


# ---------------------------------------------------------------- write side (issue #25)
# The resolution leaks of the write side, each caught by the write-time noninterference
# test (tests/security/test_write_noninterference.py), and a credential in the audit,
# caught by the redaction property (tests/security/test_audit_redaction.py).


def _patched(target: Any, name: str, value: Any) -> Apply:
    def apply(mp: pytest.MonkeyPatch, store: Store) -> None:
        mp.setattr(target, name, value)

    return apply


def _both(*steps: Apply) -> Apply:
    def apply(mp: pytest.MonkeyPatch, store: Store) -> None:
        for step in steps:
            step(mp, store)

    return apply


WRITE_MUTANTS = (
    # Placement cites evidence whatever its label: a hidden namesake's birth year splits a
    # low mention off with a `~digest` key, a hidden bearer makes a name ambiguous.
    Mutant("a key suffix from a hidden namesake",
           _patched(ingest.resolve.namesakes, "may_cite", lambda evidence, label: True)),
    Mutant("a judgement check without its label",
           _patched(ingest.writer, "may_cite", lambda evidence, label: True)),
    Mutant("a cut-off before the filter", _both(
        _patched(ingest.writer, "BLOCK_MEMBER_LIMIT", 1),
        cypher("block_members", (
            "WITH t.vis AS vis, collect({e: e, report: t.ids[0]})[..$limit] AS members\n"
            "  UNWIND members AS m\n  RETURN m.e AS e, m.report AS report, vis",
            "WITH collect({e: e, report: t.ids[0], vis: t.vis})[..$limit] AS members\n"
            "  UNWIND members AS m\n  RETURN m.e AS e, m.report AS report, m.vis AS vis", 0,
        )),
    )),
    Mutant("a cross-label report overwrite", cypher("report_put", (
        "MERGE (r:Report {id: row.id, vis: row.vis})",
        "MERGE (r:Report {id: row.id}) SET r.vis = row.vis", 0,
    ))),
    Mutant("a credential in the audit", _both(
        _patched(graph_service.audit.log, "redact", lambda value, name="": value),
        _patched(graph_service.audit.log, "scrub", lambda text: text),
    )),
)


def write_cases_to_catch(strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> int | None:
    """How many derandomized cases of `strategy` `check` takes to fail, or None."""
    tried = 0
    caught: int | None = None

    @settings(max_examples=BUDGET, phases=[Phase.generate], database=None, derandomize=True,
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def search(case: Any) -> None:
        nonlocal tried, caught
        tried += 1
        try:
            check(case)
        except Exception:
            caught = tried if caught is None else caught
            raise

    with contextlib.suppress(Exception):
        search()
    return caught


def _write_check(mutant: Mutant, store: Store) -> tuple[st.SearchStrategy[Any], Callable[[Any], None]]:
    if mutant.name == "a credential in the audit":
        def audit(case: Any) -> None:
            with tempfile.TemporaryDirectory() as dir:
                check_redaction(Path(dir), *case)
        return leaky_entries(), audit
    return worlds(), lambda world: check_writes(store, world)


@pytest.mark.parametrize("mutant", WRITE_MUTANTS, ids=[m.name for m in WRITE_MUTANTS])
def test_the_write_side_tests_catch_the_seeded_leak(
    mutant: Mutant, empty_store: Store, settings: Settings
) -> None:
    strategy, check = _write_check(mutant, empty_store)
    with pytest.MonkeyPatch.context() as mp:
        mutant.apply(mp, empty_store)
        CAUGHT[mutant.name] = write_cases_to_catch(strategy, check)
    (settings.var_dir / "seeded-leaks.json").write_text(json.dumps(CAUGHT, indent=2) + "\n")
    print(f"{mutant.name}: caught after {CAUGHT[mutant.name]} cases")
    assert CAUGHT[mutant.name] is not None, f"{mutant.name}: not caught in {BUDGET} cases"


def test_the_unseeded_write_side_passes_the_same_cases(empty_store: Store) -> None:
    """The same derandomized cases find nothing without a mutant."""
    for mutant in (WRITE_MUTANTS[0], WRITE_MUTANTS[-1]):  # one of each strategy
        strategy, check = _write_check(mutant, empty_store)
        assert write_cases_to_catch(strategy, check) is None
