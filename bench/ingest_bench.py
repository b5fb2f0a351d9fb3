"""Ingest benchmark: Nexus end to end against raw spaCy `nlp.pipe` on the same texts, and
batched writes against a per-row MERGE loop — side by side in one run, so the figures are
ratios that the machine's noise mostly cancels out of. Both write sides run the same queries
on the same rows (write_per_row, write_rows_batched); the full batch write of ingest, which
also reads the graph to place people among namesakes and to find candidates, is timed too.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from graph_service.store import Store
from ingest.extract import Extractor
from ingest.extract.extractor import raw_pipe
from ingest.pipeline import ingest
from ingest.readers import ReadRecord, read_path
from ingest.resolve import resolve
from ingest.writer import write_batch, write_per_row, write_rows_batched

WRITE_SAMPLE = 200  # one write batch: per-row vs batched on the same rows (per-row is slow by design)


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - began


def run(store: Store, scenario: Path, model: str, batch_size: int = 64) -> dict[str, Any]:
    """Run the ingest benchmarks on the scenario in `scenario` and return the figures."""
    records = [r for r in read_path(scenario / "reports.jsonl") if isinstance(r, ReadRecord)]
    texts = [r.report.text for r in records]
    words = sum(len(t.split()) for t in texts)
    figures: dict[str, Any] = {"reports": len(records), "words": words}

    _, raw1 = _timed(raw_pipe, texts, model, batch_size, 1)
    store.run_batched("wipe_data", {})
    extractor = Extractor(model, batch_size=batch_size, n_process=1)
    summary, e2e1 = _timed(ingest, store, records, extractor, batch_size=200)
    figures["raw_nlp_pipe_1proc_s"] = round(raw1, 2)
    figures["nexus_end_to_end_1proc_s"] = round(e2e1, 2)
    figures["end_to_end_vs_raw_1proc"] = round(raw1 / e2e1, 3)
    figures["reports_per_s_1proc"] = round(len(records) / e2e1, 1)
    figures["graph"] = {
        "ingested": summary.ingested, "entities": summary.entities, "mentions": summary.mentions,
        "relations": summary.relations, "candidates": summary.candidates,
    }

    _, raw2 = _timed(raw_pipe, texts, model, batch_size, 2)
    store.run_batched("wipe_data", {})
    extractor2 = Extractor(model, batch_size=batch_size, n_process=2)
    _, e2e2 = _timed(ingest, store, records, extractor2, batch_size=200)
    figures["raw_nlp_pipe_2proc_s"] = round(raw2, 2)
    figures["nexus_end_to_end_2proc_s"] = round(e2e2, 2)
    figures["end_to_end_vs_raw_2proc"] = round(raw2 / e2e2, 3)
    figures["speedup_2proc_vs_1proc"] = round(e2e1 / e2e2, 3)

    _, reingest = _timed(ingest, store, records, extractor, batch_size=200)
    figures["unchanged_reingest_s"] = round(reingest, 2)

    sample = [resolve(r.report, ex) for r, ex in zip(
        records[:WRITE_SAMPLE], extractor.extract_many(texts[:WRITE_SAMPLE]), strict=True
    )]
    store.run_batched("wipe_data", {})
    _, per_row = _timed(write_per_row, store, sample)
    store.run_batched("wipe_data", {})
    _, batched = _timed(write_rows_batched, store, sample)
    store.run_batched("wipe_data", {})
    _, full = _timed(write_batch, store, sample)
    figures["per_row_writes_s"] = round(per_row, 3)
    figures["batched_writes_s"] = round(batched, 3)
    figures["batched_vs_per_row"] = round(per_row / batched, 1)
    # What ingest really runs per batch: the same writes plus placement and candidate search.
    figures["batched_writes_with_resolution_reads_s"] = round(full, 3)
    figures["peak_rss_mib_self"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["peak_rss_mib_children"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    # Leave the full scenario in the graph for the query and quality benchmarks.
    store.run_batched("wipe_data", {})
    ingest(store, records, extractor2, batch_size=200)
    return figures
