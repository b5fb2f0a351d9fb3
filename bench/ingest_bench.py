"""Ingest benchmark: Nexus end to end against raw spaCy `nlp.pipe` on the same texts, and
batched writes against a per-row MERGE loop — side by side in one run, so the figures are
ratios that the machine's noise mostly cancels out of. The machine's speed drifts over
minutes (one run's per-row write rounds spread from 25 to 42 s), so raw and end-to-end
runs take turns over slices of the corpus rather than one after the other. Both write
sides run the same queries on the same rows (write_per_row, write_rows_batched); the full
batch write of ingest, which also reads the graph to place people among namesakes and to
find candidates, is timed too.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from spacy.language import Language

from bench.write_sides import write_per_row, write_rows_batched
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.extract.nlp import load_model
from ingest.pipeline import IngestSummary, ingest
from ingest.readers import ReadRecord, read_path
from ingest.resolve import ResolvedReport, resolve
from ingest.writer import write_batch

INGEST_BATCH = 200  # reports a write transaction of ingest holds
SLICES = 4  # of the corpus, over which raw nlp.pipe and Nexus end to end take turns
WRITE_SAMPLE = 1_000  # reports of the write comparison (per-row is slow by design: 20-40 s)
# Rounds of the write comparison after one untimed round. Neo4j replans a query when the
# graph's statistics have drifted from those it was planned with, as a wipe makes them do;
# a replan of the write queries costs ~0.5 s, as much as the batched writes of 1,000 reports,
# and falls on some rounds only, so one round partly measures the planner. The median does not.
WRITE_ROUNDS = 5



def raw_pipe(texts: Iterable[str], nlp: Language, batch_size: int = 64, n_process: int = 1) -> int:
    """Run `nlp`, the installed model alone (`load_model`), over `texts` and count the Docs.

    Same statistical components and `nlp.pipe` settings as `Extractor.extract_many`,
    without the Nexus identifier, ruler and extraction components: the spaCy limit
    that ingest is measured against. The caller loads the model, as an Extractor is
    built, outside what it times.
    """
    return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))

def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - began


def _write_rounds(
    store: Store, sample: Sequence[ResolvedReport],
    sides: dict[str, Callable[[Store, Sequence[ResolvedReport]], object]],
) -> dict[str, list[float]]:
    """Seconds each side takes to write `sample` into an empty graph, round after round, the
    sides interleaved so that the machine's drift falls on all of them alike."""
    chunks = [sample[i:i + INGEST_BATCH] for i in range(0, len(sample), INGEST_BATCH)]
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    for round_ in range(WRITE_ROUNDS + 1):
        for name, write in sides.items():
            store.run_batched("wipe_data", {})
            began = time.perf_counter()
            for chunk in chunks:
                write(store, chunk)
            if round_:
                seconds[name].append(round(time.perf_counter() - began, 3))
    return seconds


def _side_by_side(
    store: Store, records: Sequence[ReadRecord], nlp: Language, extractor: Extractor
) -> tuple[dict[str, list[float]], Counter[str]]:
    """Seconds of raw `nlp.pipe` and of Nexus end to end (into an emptied graph) on each
    slice of `records`, with the extractor's batch size and processes, the two sides
    taking turns at going first; and what the ingest wrote."""
    store.run_batched("wipe_data", {})
    step = -(-len(records) // SLICES)
    seconds: dict[str, list[float]] = {"raw": [], "nexus": []}
    graph: Counter[str] = Counter()
    for turn, start in enumerate(range(0, len(records), step)):
        part = records[start:start + step]
        sides: dict[str, Callable[[], object]] = {
            "raw": partial(raw_pipe, [r.report.text for r in part], nlp, extractor.batch_size,
                           extractor.n_process),
            "nexus": partial(ingest, store, part, extractor, batch_size=INGEST_BATCH),
        }
        for name in ("raw", "nexus") if turn % 2 == 0 else ("nexus", "raw"):
            result, took = _timed(sides[name])
            seconds[name].append(round(took, 2))
            if isinstance(result, IngestSummary):
                graph.update(ingested=result.ingested, entities=result.entities,
                             mentions=result.mentions, relations=result.relations,
                             candidates=result.candidates)
    return seconds, graph


def run(store: Store, scenario: Path, model: str, batch_size: int = 64) -> dict[str, Any]:
    """Run the ingest benchmarks on the scenario in `scenario` and return the figures."""
    records = [r for r in read_path(scenario / "reports.jsonl") if isinstance(r, ReadRecord)]
    texts = [r.report.text for r in records]
    words = sum(len(t.split()) for t in texts)
    figures: dict[str, Any] = {"reports": len(records), "words": words}

    nlp = load_model(model)
    extractor = Extractor(model, batch_size=batch_size, n_process=1)
    slices1, graph = _side_by_side(store, records, nlp, extractor)
    raw1, e2e1 = sum(slices1["raw"]), sum(slices1["nexus"])
    figures["raw_nlp_pipe_1proc_s"] = round(raw1, 2)
    figures["nexus_end_to_end_1proc_s"] = round(e2e1, 2)
    figures["end_to_end_vs_raw_1proc"] = round(raw1 / e2e1, 3)
    figures["reports_per_s_1proc"] = round(len(records) / e2e1, 1)
    figures["graph"] = dict(sorted(graph.items()))

    extractor2 = Extractor(model, batch_size=batch_size, n_process=2)
    slices2, _ = _side_by_side(store, records, nlp, extractor2)
    raw2, e2e2 = sum(slices2["raw"]), sum(slices2["nexus"])
    figures["slices_s"] = {"1proc": slices1, "2proc": slices2}
    figures["raw_nlp_pipe_2proc_s"] = round(raw2, 2)
    figures["nexus_end_to_end_2proc_s"] = round(e2e2, 2)
    figures["end_to_end_vs_raw_2proc"] = round(raw2 / e2e2, 3)
    figures["speedup_2proc_vs_1proc"] = round(e2e1 / e2e2, 3)

    _, reingest = _timed(ingest, store, records, extractor, batch_size=INGEST_BATCH)
    figures["unchanged_reingest_s"] = round(reingest, 2)

    sample = [resolve(r.report, ex) for r, ex in zip(
        records[:WRITE_SAMPLE], extractor.extract_many(texts[:WRITE_SAMPLE]), strict=True
    )]
    rounds = _write_rounds(store, sample, {
        "per_row": write_per_row, "batched": write_rows_batched,
        # What ingest really runs per batch: the same writes plus placement and candidate search.
        "batched_with_resolution_reads": write_batch,
    })
    median = {name: statistics.median(s) for name, s in rounds.items()}
    figures["write_sample"] = {"reports": len(sample), "batch": INGEST_BATCH, "rounds": rounds}
    figures["per_row_writes_s"] = median["per_row"]
    figures["batched_writes_s"] = median["batched"]
    figures["batched_vs_per_row"] = round(median["per_row"] / median["batched"], 1)
    figures["batched_writes_with_resolution_reads_s"] = median["batched_with_resolution_reads"]
    figures["peak_rss_mib_self"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["peak_rss_mib_children"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    # Leave the full scenario in the graph for the query and quality benchmarks.
    store.run_batched("wipe_data", {})
    ingest(store, records, extractor2, batch_size=INGEST_BATCH)
    return figures
