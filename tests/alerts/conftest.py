"""Fixtures of the alert tests: one extraction pipeline, viewers of three classes, and an
evaluator that evaluates for them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from graph_service.alerts import Evaluator
from graph_service.settings import Settings
from graph_service.store import QueryTimeout, Store
from graph_service.visibility import Level, Viewer, parse_marking
from ingest.extract import Extractor
from ingest.pipeline import ingest
from queries import alerts, watchlist
from queries.alerts import Alert
from tests.ingest.test_pipeline import records

LES = Viewer.from_attributes("les", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
BOTH = Viewer.from_attributes("both", Level.SECRET, [], ["USA"], ["LES"])
TOP = Viewer.from_attributes("top", Level.TOP_SECRET, ["SI"], ["USA"], ["LES"])
VIEWERS = (LES, BOTH, TOP)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor, built once."""
    return Extractor()


Ingest = Callable[..., None]


@pytest.fixture
def run(empty_store: Store, extractor: Extractor, settings: Settings) -> Ingest:
    """Ingest reports (dicts) with the alert stage evaluating for `viewers`."""

    def go(*reports: dict[str, object], viewers: Sequence[Viewer] = VIEWERS) -> None:
        evaluator = Evaluator(empty_store, settings, lambda: viewers)
        ingest(empty_store, records(*reports), extractor, alert_stage=evaluator.stage)

    return go


def watch(store: Store, key: str, marking: str = "UNCLASSIFIED//LES") -> None:
    """Put `key` on the watchlist under `marking`. On a machine shared by several test
    runs a read may outlast the 10 s query timeout; the entry is written again then (the
    write replaces the entry under the same label, so a retry changes nothing)."""
    parse_marking(marking)
    for attempt in range(3):
        try:
            watchlist.add(store, TOP, key, "test", marking, by="test-admin", at=datetime.now(UTC))
            return
        except QueryTimeout:
            if attempt == 2:
                raise


def found(store: Store, viewer: Viewer) -> list[Alert]:
    """Every alert of `viewer`."""
    return list(alerts.listing(store, viewer, limit=200).items)


def rules(store: Store, viewer: Viewer) -> set[tuple[str, str]]:
    """(rule, subject) of every alert of `viewer`."""
    return {(a.rule, a.subject) for a in found(store, viewer)}
