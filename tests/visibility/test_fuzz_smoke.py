"""The fuzz harness (`bench/fuzz.py`) keeps working.

Each target runs SMOKE_RUNS inputs (a few seconds) under atheris in a process of its own
(libFuzzer owns the process and exits it), with a fixed seed so that the run repeats, and
must end clean having found new coverage. Finding bugs is the work of the long runs
(`make fuzz`, 10 minutes a target), not of this one. The checks the harness applies to
each input are exercised here in process too: they accept good inputs, and a broken
invariant or an undocumented exception is reported, not swallowed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import fuzz
from graph_service.visibility import Marking

ROOT = Path(__file__).resolve().parents[2]
SMOKE_RUNS = 10_000
SMOKE_SEED = 1


@pytest.mark.parametrize("target", sorted(fuzz.TARGETS))
def test_each_target_fuzzes_clean_for_a_few_seconds(target: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.fuzz", "--target", target, "--seconds", "60",
         "--workdir", str(tmp_path), "--", f"-runs={SMOKE_RUNS}", f"-seed={SMOKE_SEED}"],
        cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    done = re.search(rf"^Done {SMOKE_RUNS} runs in \d+ second", result.stderr, re.MULTILINE)
    assert done is not None, result.stderr[-4000:]
    assert not list((tmp_path / target).glob("crash-*"))
    assert list((tmp_path / target / "corpus").iterdir())  # coverage found new inputs


@pytest.mark.parametrize(
    "text", ["TOP SECRET//SI-G/TK//NOFORN", "(S//REL TO USA, FVEY)", "cui", "U//LES", "SECRET//BOGUS", ""]
)
def test_the_marking_checks_accept_good_and_refused_markings(text: str) -> None:
    fuzz.check_marking(text)


@pytest.mark.parametrize("text", ['(a|b)&"x y"', "a|(b&c)|(c&d)", '"a|b"&"%7C"', "", "a&|b", "(" * 70 + "a"])
def test_the_expression_checks_accept_good_and_refused_expressions(text: str) -> None:
    fuzz.check_expression(text, seed=7)


def test_a_banner_that_does_not_round_trip_is_a_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Marking, "banner", lambda self: "UNCLASSIFIED")
    with pytest.raises(fuzz.PropertyViolation, match="->"):
        fuzz.check_marking("SECRET//NOFORN")


def test_a_cnf_that_disagrees_with_evaluate_is_a_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fuzz, "cnf_allows", lambda cnf, tokens: True)
    with pytest.raises(fuzz.PropertyViolation, match="evaluate False, CNF True"):
        fuzz.check_expression("a&b", seed=0)


def test_an_undocumented_exception_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    def overflow(text: str) -> None:
        raise RecursionError(text)

    monkeypatch.setattr(fuzz, "parse", overflow)
    with pytest.raises(RecursionError):
        fuzz.check_expression("a", seed=0)
