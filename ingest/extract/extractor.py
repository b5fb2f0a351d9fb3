"""Extraction entry points: `Extractor` for ingest, `raw_pipe` for the benchmark.

The pipeline is built once per Extractor; with `n_process` > 1, `nlp.pipe` hands each
worker process a copy. The components, which run in the workers, leave mentions and
relations on each Doc as plain lists (see `components.py`); turning them into domain
records here is a loop of constructor calls, so the parent does no NLP work of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from graph_service.domain import EntityKind, Extraction, Mention, RelationKind, StatedRelation
from ingest.extract.pipeline import DEFAULT_MODEL, build_nlp, load_model


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
        """Mentions and relations of each text, in order, batched through `nlp.pipe`."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process):
            yield to_extraction(doc)

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "batch_size": self.batch_size, "n_process": self.n_process}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self.batch_size = state["batch_size"]
        self.n_process = state["n_process"]
        self.nlp = build_nlp(self.model)


def raw_pipe(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 64,
             n_process: int = 1) -> int:
    """Run the installed model alone over `texts` and count the Docs.

    Same statistical components and `nlp.pipe` settings as `Extractor.extract_many`,
    without the Nexus identifier, ruler and extraction components: the spaCy limit
    that ingest is measured against.
    """
    nlp = load_model(model)
    return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
