"""The ingest chain, top to bottom: read → skip unchanged → extract → vote kinds →
resolve → write → evaluate alerts.

The whole job is one stream through one `nlp.pipe` call, so that worker processes (when
asked for) start once per job, not once per batch: spawning them and loading the
pipeline costs seconds, as much as extracting a batch. Extracted reports are resolved
and written in batches; the write of batch N overlaps the extraction of batch N+1 (one
writer thread; the driver releases the GIL on I/O). A batch is counted as ingested only
after its write transaction committed; when Neo4j is unreachable the write waits and
retries with backoff instead of dropping or acknowledging anything.

Two stages before the write read the graph, each from what committed batches wrote and
only under labels the new report's readers may see: boilerplate (lines the reports of one
agency repeat, `ingest.boilerplate`) and the kind vote (`ingest.resolve.kinds`). A chunk
extracted while the previous one is still being written does not see that one's reports.

The alert stage is handed what each committed batch touched (`Touched`) and runs on a
thread of its own, so that evaluating batch N overlaps writing N+1. It is passed in by
the caller (graph_service.alerts: alerts read the graph through `queries`, which ingest
does not import). It may fail or be killed without losing anything: the write marked the
batch's reports awaiting evaluation, and an evaluator sweeps what is still marked.

The input is taken in chunks of `batch_size` records, and the reports of a chunk that need
writing (neither rejected nor unchanged) are written together, so each write batch is one
chunk of the input. A caller that keeps its own record of progress (a durable job) passes
`on_commit`, which runs inside the transaction that writes the chunk (or in one of its own
when the chunk has nothing to write): progress and graph commit together or not at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice, tee
from typing import Any, TypeVar

from graph_service.domain import Extraction, StatedRelation
from graph_service.domain.identifiers import normalise
from graph_service.store import Store, StoreUnavailable, Tx
from graph_service.visibility import Viewer
from ingest.boilerplate import texts_without_boilerplate
from ingest.extract import Extractor
from ingest.readers import ReadRecord, ReadResult, Rejection
from ingest.resolve import ResolvedReport, label_of, resolve, structured_mentions
from ingest.resolve.kinds import vote_kinds
from ingest.resolve.namesakes import Run
from ingest.writer import Replaced, Touched, WriteResult, write_batch

log = logging.getLogger(__name__)

MAX_REJECTIONS_KEPT = 1000
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class IngestSummary:
    """What a job did. `rejections` keeps the first MAX_REJECTIONS_KEPT for display.

    `entities` counts the entities each batch wrote (merged or new), summed over batches:
    an entity mentioned in several batches counts once per batch.
    """

    ingested: int = 0
    unchanged: int = 0
    rejected: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    candidates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)  # stored reports replaced, for the audit

    def add(self, written: WriteResult) -> None:
        """Count a committed batch."""
        self.ingested += written.reports
        self.entities += written.entities
        self.mentions += written.mentions
        self.relations += written.relations
        self.candidates += written.candidates
        self.replaced.extend(written.replaced)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk of the input as the chain saw it: `index` counts chunks from 0, `size` is
    its number of records, of which `rejected` were rejections and `unchanged` reports
    stored with the same content hash; `written` were written (the rest)."""

    index: int
    size: int
    rejected: int
    unchanged: int
    written: int


def _chunks(
    store: Store,
    records: Iterable[ReadResult],
    batch_size: int,
    summary: IngestSummary,
    on_rejection: Callable[[Rejection], None] | None,
    on_progress: Callable[[int], None] | None,
) -> Iterator[tuple[Chunk, list[ReadRecord]]]:
    """Each chunk of the input with its records to extract: rejections and reports stored
    with the same content hash are counted in `summary` (and as progress) and left out."""
    for index, chunk in enumerate(_batches(records, batch_size)):
        good: dict[str, ReadRecord] = {}
        rejected = 0
        for item in chunk:
            if isinstance(item, Rejection):
                rejected += 1
                if len(summary.rejections) < MAX_REJECTIONS_KEPT:
                    summary.rejections.append(item)
                if on_rejection:
                    on_rejection(item)
            else:
                good[item.report.id] = item  # the last copy of a repeated id wins
        summary.rejected += rejected
        same = _retrying(partial(unchanged_ids, store, list(good.values())))
        summary.unchanged += len(same)
        fresh = [r for r in good.values() if identity(r) not in same]
        if on_progress:
            on_progress(len(chunk) - len(fresh))
        yield Chunk(index, len(chunk), rejected, len(good) - len(fresh), len(fresh)), fresh


def with_structure(record: ReadRecord, extraction: Extraction) -> Extraction:
    """Add what a structured format (STIX, MISP) stated outright to what NER found: its
    entities as mentions, its aliases as names of those, its relations between them."""
    if not record.structured:
        return extraction
    mentions = list(extraction.mentions)
    same: list[tuple[int, int]] = []
    first: dict[str, int] = {}  # stix_id -> its first (primary) mention
    primaries: dict[str, list[int]] = {}
    for entity in record.structured:
        stated = structured_mentions([(entity.kind, entity.name, normalise(entity.kind, entity.name))])
        if not stated:
            continue  # nothing usable to key it by (a name that normalises to nothing)
        index = len(mentions)
        mentions.append(stated[0])
        if entity.alias:
            if entity.stix_id in first:
                same.append((index, first[entity.stix_id]))
            continue
        first.setdefault(entity.stix_id, index)
        primaries.setdefault(entity.stix_id, []).append(index)
    relations = [
        StatedRelation(relation.kind, a, b, -1, 1.0)
        for relation in record.structured_relations
        for a in primaries.get(relation.source, ())
        for b in primaries.get(relation.target, ())
    ]
    return replace(
        extraction, mentions=tuple(mentions), relations=extraction.relations + tuple(relations),
        same=extraction.same + tuple(same),
    )


def write_with_retry(
    store: Store, batch: Sequence[ResolvedReport], max_wait_s: float = 600.0, writer: Viewer | None = None,
    first: Callable[[Tx], None] | None = None,
) -> WriteResult:
    """Write `batch`, waiting out a Neo4j outage with exponential backoff; `first` runs at
    the start of the write transaction (alone in one when the batch is empty)."""
    if not batch:
        if first is not None:
            _retrying(partial(store.transaction, first), max_wait_s)
        return WriteResult(0, 0, 0, 0, 0)
    return _retrying(partial(write_batch, store, batch, writer, first), max_wait_s)


def _retrying(call: Callable[[], R], max_wait_s: float = 600.0) -> R:
    """`call()`, waiting out a Neo4j outage with exponential backoff."""
    delay, waited = 1.0, 0.0
    while True:
        try:
            return call()
        except StoreUnavailable:
            if waited >= max_wait_s:
                raise
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 30.0)


def retrying_reader(store: Store) -> Run:
    """The store's reads for the stages before the write, each waiting out an outage."""
    def read(name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return _retrying(partial(store.read, name, params))
    return read


def _evaluate(stage: Callable[[Touched], None], touched: Touched) -> None:
    """Run the alert stage; a failure leaves the reports marked for the evaluator's sweep
    and never fails the ingest, whose batches are already durable."""
    try:
        stage(touched)
    except Exception:
        log.exception("alert evaluation of %d reports failed; left for the sweep", len(touched.report_ids))


def identity(record: ReadRecord) -> tuple[str, tuple[str, ...]]:
    """A report's identity in the graph: its id and its label (see ingest.writer)."""
    return record.report.id, label_of(record.report.marking)[1]


def unchanged_ids(store: Store, records: Sequence[ReadRecord]) -> set[tuple[str, tuple[str, ...]]]:
    """Identities of the records whose stored copy (same id and label) has the same hash."""
    wanted = {identity(r): r.report.sha256 for r in records}
    rows = store.read("report_hashes", {"reports": [{"id": i, "vis": list(v)} for i, v in wanted]})
    return {key for row in rows if wanted.get(key := (row["id"], tuple(row["vis"]))) == row["sha256"]}


def _bound(on_commit: Callable[[Tx, Chunk], None] | None, chunk: Chunk) -> Callable[[Tx], None] | None:
    """`on_commit` for one chunk, as the write's `first`."""
    if on_commit is None:
        return None
    return lambda tx: on_commit(tx, chunk)


def ingest(
    store: Store,
    records: Iterable[ReadResult],
    extractor: Extractor,
    *,
    batch_size: int = 200,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    writer: Viewer | None = None,
    alert_stage: Callable[[Touched], None] | None = None,
    on_commit: Callable[[Tx, Chunk], None] | None = None,
) -> IngestSummary:
    """Run the chain over `records`; valid records land even when others are rejected.

    `writer` is the principal the records come from (None: the operator, as `nexus
    ingest`); a report replaces only the stored versions of its id that `writer` may read.
    `alert_stage`, when given, is called with what each batch touched once it committed.
    `on_commit` runs in the transaction that writes each chunk (see the module's doc).
    """
    summary = IngestSummary()
    chunks, texts = tee(_chunks(store, records, batch_size, summary, on_rejection, on_progress))
    read = retrying_reader(store)
    extractions = extractor.extract_many(texts_without_boilerplate(
        ((r.report, label_of(r.report.marking)[1]) for _, fresh in texts for r in fresh), batch_size, read,
    ))
    pending: Future[WriteResult] | None = None
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="nexus-writer") as thread,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="nexus-alerts") as alerting,
    ):
        def write_then_alert(resolved: list[ResolvedReport], chunk: Chunk) -> WriteResult:
            written = write_with_retry(store, resolved, writer=writer, first=_bound(on_commit, chunk))
            if alert_stage is not None:
                alerting.submit(_evaluate, alert_stage, written.touched)
            return written

        for chunk, fresh in chunks:
            extracted = [
                (r.report, label_of(r.report.marking)[1], ex)
                for r, ex in zip(fresh, islice(extractions, len(fresh)), strict=True)
            ]
            voted = vote_kinds(extracted, read)
            resolved = [resolve(r.report, with_structure(r, ex)) for r, ex in zip(fresh, voted, strict=True)]
            if pending is not None:
                summary.add(pending.result())
            pending = thread.submit(write_then_alert, resolved, chunk)
            if on_progress and fresh:
                on_progress(len(fresh))
        if pending is not None:
            summary.add(pending.result())
    return summary
