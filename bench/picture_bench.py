"""The picture's part of the benchmarks: its inputs for the query benchmark, and what
keeping the area-day tallies costs a write.

Query inputs: area pictures of big states, big urban areas and small territories for
windows of 1, 7, 30 and 90 days ending with the day of the corpus's newest report, the
national picture for the same windows, and the nexus from an area (its default window);
each beside its naive twin (`queries.picture_naive`: every report of the area scanned,
every mention of every subject read), run straight on the store.

Write cost: `area_day_put` timed alone on the (area, day) rows of batches of reports of
the loaded corpus, as the writer passes them; with the end-to-end ingest time of the
corpus this gives the throughput with the tallies as a ratio of the throughput without.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from queries import picture_naive
from queries.areas import LATEST
from queries.evidence import parse_time
from queries.windows import day_end

__all__ = ["AREAS", "WINDOWS_DAYS", "picture_calls", "tally_write_cost"]

AREAS = ("TX", "CA", "NY", "FL", "UA-NYC", "UA-LAX", "UA-HOU", "UA-CHI", "GU", "VI", "AS", "MP")
"""Big states, big urban areas, small territories."""

WINDOWS_DAYS = (1, 7, 30, 90)
NATIONAL_REPEATS = 5

Call = tuple[str, dict[str, Any], Callable[[], object] | None]


def bench_viewer() -> Viewer:
    """The benchmark analyst (`queries_bench._local_api`'s, cleared for everything) as a
    query viewer, for the naive pictures."""
    return Viewer.from_attributes(
        "bench-analyst", Level.TOP_SECRET, ["SI", "TK", "HCS"], ["USA"], ["LES", "ORCON", "CUI"]
    )


def newest_day_end(store: Store, tokens: list[str]) -> datetime:
    """The end of the day of the corpus's newest report: where every window ends."""
    rows = store.read("picture_newest", {"tokens": tokens, "before": LATEST}, 600.0)
    if not rows:
        raise RuntimeError("the benchmark needs a loaded corpus")
    return day_end(parse_time(rows[0]["newest"]))


def picture_calls(store: Store, tokens: list[str], naive_timeout_s: float) -> dict[str, list[Call]]:
    """Per endpoint: (path, params, naive version) for each input."""
    viewer = bench_viewer()
    until = newest_day_end(store, tokens)
    found: dict[str, list[Call]] = {}
    for days in WINDOWS_DAYS:
        since = until - timedelta(days=days)
        window = {"since": since.isoformat(), "until": until.isoformat()}
        found[f"area_picture_{days}d"] = [
            (f"/v1/areas/{code}/picture", window,
             _naive_area(store, viewer, code, since, until, naive_timeout_s))
            for code in AREAS
        ]
        found[f"national_picture_{days}d"] = [
            ("/v1/picture", window, _naive_nation(store, viewer, since, until, naive_timeout_s))
            for _ in range(NATIONAL_REPEATS)
        ]
    found["nexus_area"] = [("/v1/nexus", {"area": code}, None) for code in AREAS]
    return found


def _naive_area(
    store: Store, viewer: Viewer, code: str, since: datetime, until: datetime, timeout_s: float
) -> Callable[[], object]:
    return lambda: picture_naive.naive_area_picture(store, viewer, code, since, until, timeout_s=timeout_s)


def _naive_nation(
    store: Store, viewer: Viewer, since: datetime, until: datetime, timeout_s: float
) -> Callable[[], object]:
    return lambda: picture_naive.naive_national_picture(store, viewer, since, until, timeout_s=timeout_s)


def tally_write_cost(
    store: Store, *, reports: int = 1000, batch: int = 200, rounds: int = 5
) -> dict[str, Any]:
    """Median time of `area_day_put` over batches of `batch` reports of the corpus (each
    round recomputes the same days: the work a batch's write adds), per batch and per
    report."""
    rows = store.read("bench_report_days", {"n": reports}, 600.0)
    batches = [rows[i:i + batch] for i in range(0, len(rows), batch)]
    store.write("area_day_put", {"touched": batches[0]})  # plans the query
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter()
        for rows_of_batch in batches:
            store.write("area_day_put", {"touched": rows_of_batch})
        per_round.append(time.perf_counter() - start)
    median_s = statistics.median(per_round)
    return {
        "reports": len(rows), "batch": batch, "rounds": rounds,
        "median_ms_per_batch": round(median_s * 1000 / len(batches), 2),
        "median_ms_per_report": round(median_s * 1000 / len(rows), 3),
        "rounds_s": [round(s, 3) for s in per_round],
    }
