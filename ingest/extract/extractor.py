"""Extraction's entry point: `Extractor`.

The pipeline is built once per Extractor. With `n_process` > 1, worker processes forked
from the parent (so they start with its pipeline, as `nlp.pipe(n_process=...)` does)
each run `nlp.pipe` over chunks of texts and send back the Extractions alone: spaCy's
own multiprocessing would ship every Doc back (tokens, parse, tensors; about 120 kB a
report) for the parent to rebuild: about 1.6 ms a report to serialise and as much again
to rebuild, on a hot path that needs only the mentions. The
components leave mentions and relations on each Doc as plain lists (see
`components.py`); turning them into domain records is a loop of constructor calls.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from graph_service.domain import EntityKind, Extraction, Mention, RelationKind, StatedRelation
from ingest.extract.nlp import DEFAULT_MODEL, build_nlp


def to_extraction(doc: Doc) -> Extraction:
    """The Extraction that the Nexus components left on a processed Doc."""
    return Extraction(
        mentions=tuple(
            Mention(EntityKind(kind), surface, start, end, sentence, confidence, role, value,
                    valid, sector)
            for kind, surface, start, end, sentence, confidence, role, value, valid, sector
            in doc._.mentions
        ),
        relations=tuple(
            StatedRelation(RelationKind(kind), source, target, sentence, confidence)
            for kind, source, target, sentence, confidence in doc._.relations
        ),
    )


class Extractor:
    """Extracts mentions and relations from report texts with one spaCy pipeline.

    Picklable: a pickled Extractor carries its settings, not the pipeline, and builds
    the pipeline again where it is unpickled.
    """

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, n_process: int = 1):
        self.model = model
        self.batch_size = batch_size
        self.n_process = n_process
        self.nlp: Language = build_nlp(model)

    def extract(self, text: str) -> Extraction:
        """Mentions and relations of one text."""
        return to_extraction(self.nlp(text))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        """Mentions and relations of each text, in order, batched through `nlp.pipe`.

        `texts` is read lazily, in the caller's thread, a few chunks ahead of what has
        been extracted; with worker processes, they start here and stop when the
        iteration ends.
        """
        if self.n_process <= 1:
            for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
                yield to_extraction(doc)
            return
        remaining = iter(texts)
        chunks = iter(lambda: list(islice(remaining, self.batch_size)), [])
        # Fork, as spaCy does: the workers start with the parent's pipeline instead of
        # loading the package again.
        context = multiprocessing.get_context("fork")
        with context.Pool(self.n_process, initializer=_start_worker, initargs=(self,)) as pool:
            pending: deque[AsyncResult[list[Extraction]]] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_extract_chunk, (chunk,)))
                # Two chunks in flight per worker keep each busy while the parent
                # takes the results of the oldest.
                if len(pending) >= IN_FLIGHT_PER_PROCESS * self.n_process:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "batch_size": self.batch_size, "n_process": self.n_process}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self.batch_size = state["batch_size"]
        self.n_process = state["n_process"]
        self.nlp = build_nlp(self.model)


IN_FLIGHT_PER_PROCESS = 2

_worker: Extractor | None = None


def _start_worker(extractor: Extractor) -> None:
    global _worker
    _worker = extractor


def _extract_chunk(texts: list[str]) -> list[Extraction]:
    """The Extractions of one chunk, in a worker process."""
    assert _worker is not None, "extraction worker not started"
    return [to_extraction(doc) for doc in _worker.nlp.pipe(texts, batch_size=_worker.batch_size)]
