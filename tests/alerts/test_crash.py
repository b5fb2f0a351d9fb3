"""No alert is lost or told twice when a process dies between a batch's write and its
evaluation (SIGKILL), or in the middle of an evaluation (its claim runs out)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from graph_service.alerts import Evaluator
from graph_service.settings import Settings
from graph_service.store import Store
from tests.alerts.conftest import BOTH, found
from tests.conftest import ROOT, api_env
from tests.ingest.test_pipeline import report

REPORTS = [
    report("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking="SECRET//NOFORN"),
    report("L-1", "Officers stopped Samir Nasser near the depot."),
]

# The ingest chain in a process of its own that is killed the moment its alert stage
# starts: the batch has committed, its evaluation has not begun.
DIES_BEFORE_EVALUATING = """
import json, os, signal, sys
from graph_service.runtime import open_store
from graph_service.settings import Settings
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import read_bytes

store = open_store(Settings(), start_local=False)
records = read_bytes(sys.stdin.buffer.read(), source="crash.jsonl")
ingest(store, records, Extractor(), alert_stage=lambda touched: os.kill(os.getpid(), signal.SIGKILL))
"""


def events(store: Store) -> int:
    return int(store.read("alert_event_count", {})[0]["n"])


def test_a_process_killed_between_write_and_evaluation_loses_no_alert(
    empty_store: Store, settings: Settings, neo4j_uri: str
) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", DIES_BEFORE_EVALUATING], cwd=ROOT, env=api_env(settings, neo4j_uri),
        input="\n".join(json.dumps(r) for r in REPORTS).encode(), capture_output=True, timeout=600,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]
    assert found(empty_store, BOTH) == []
    # The next evaluator (the sweep at start-up) finds the marked reports.
    evaluator = Evaluator(empty_store, settings, lambda: [BOTH])
    assert evaluator.evaluate() == 2
    alerts = found(empty_store, BOTH)
    assert [(a.rule, a.subject) for a in alerts] == [("cross_side", "person:samir nasser")]
    told = events(empty_store)
    # Evaluating again finds nothing marked; the same reports marked again (re-sent)
    # update the same alert and tell nobody twice.
    assert evaluator.evaluate() == 0
    empty_store.write("alert_mark", {"ids": ["I-1", "L-1"]})
    assert evaluator.evaluate() == 2
    assert [a.id for a in found(empty_store, BOTH)] == [a.id for a in alerts]
    assert events(empty_store) == told


def test_an_evaluator_that_dies_holding_a_claim_leaves_it_to_the_next(
    empty_store: Store, settings: Settings, neo4j_uri: str
) -> None:
    subprocess.run(
        [sys.executable, "-c", DIES_BEFORE_EVALUATING], cwd=ROOT, env=api_env(settings, neo4j_uri),
        input="\n".join(json.dumps(r) for r in REPORTS).encode(), capture_output=True, timeout=600,
    )
    short = settings.model_copy(update={"alert_lease_s": 2})
    dead = Evaluator(empty_store, short, lambda: [BOTH])
    dead._claim([])  # claimed, then the process "dies": nothing evaluated, nothing cleared
    other = Evaluator(empty_store, short, lambda: [BOTH])
    assert other.evaluate() == 0  # the claim still holds
    time.sleep(2.5)
    assert other.evaluate() == 2
    assert [a.rule for a in found(empty_store, BOTH)] == ["cross_side"]
