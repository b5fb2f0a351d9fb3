"""The two sides of the write benchmark (`bench.ingest_bench`): the same rows and queries,
one transaction per row against one UNWIND per query in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph_service.store import Store
from ingest.resolve import ResolvedReport
from ingest.writer import BUSY, batch_params

_STATEMENTS = (
    ("report_put", "reports", "reports"), ("entity_put", "entities", "entities"),
    ("mention_put", "mentions", "mentions"), ("related_put", "relations", "relations"),
    ("area_put", "areas", "links"), ("line_put", "lines", "lines"),
)
"""The write benchmark's statements: (query, batch_params field, query parameter)."""
# A fresh graph: nothing replaced.
_EXTRA: dict[str, dict[str, Any]] = {"mention_put": {"refresh": [], **BUSY}}


def write_per_row(store: Store, batch: Sequence[ResolvedReport]) -> None:
    """The naive baseline for the write benchmark: one transaction per row, same queries."""
    p = batch_params(batch)
    for name, key, param in _STATEMENTS:
        for row in p[key]:
            store.write(name, {param: [row], **_EXTRA.get(name, {})})


def write_rows_batched(store: Store, batch: Sequence[ResolvedReport]) -> None:
    """The batched side of the write benchmark: write_per_row's rows and queries, each query
    run once over all its rows (UNWIND), in one transaction. Like write_per_row it leaves out
    what write_batch adds (placement among namesakes, the candidate search), so the two
    sides do the same work."""
    p = batch_params(batch)
    store.write_all([(name, {param: p[key], **_EXTRA.get(name, {})}) for name, key, param in _STATEMENTS])
