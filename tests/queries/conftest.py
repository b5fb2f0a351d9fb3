"""The hand-built scenario, written once per module that asks for it."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph_service.store import Store
from tests.queries import scenario
from tests.queries.world import write


@pytest.fixture(scope="module")
def scenario_store(store: Store) -> Store:
    """The store holding exactly the scenario of `tests/queries/scenario.py`."""
    write(store, scenario.WORLD)
    return store


@pytest.fixture
def as_of() -> datetime:
    """The time the scenario's scores are taken at."""
    return datetime.fromisoformat(scenario.AS_OF)
