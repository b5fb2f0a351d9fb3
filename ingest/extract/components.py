"""The Nexus pipeline components, registered with spaCy when this module is imported.

- `nexus_identifiers` runs first, before the statistical components: it finds
  identifiers with `ingest.identifiers`, merges each into one token (so that the
  tagger and parser see `202-555-0143` as one noun, not five numbers and dashes) and
  presets them as entities, which the entity ruler and NER then leave alone.
- `nexus_names` runs after the entity rulers: it gives facility and agency type nouns
  the proper names around them ("Jefferson substation", "Port of Houston").
- `nexus_corrections` runs after the statistical NER: it drops the person and
  organisation entities that name nothing and relabels the ones the model got the
  kind of wrong (see `corrections.py`).
- `nexus_extraction` runs last: it turns the entities into mentions and reads the
  relations off the parse.

The components store plain lists on the Doc (`doc._.identifiers`, `doc._.mentions`,
`doc._.relations`) so that a Doc still carries them through `Doc.to_bytes` (msgpack:
lists of strings, numbers and booleans and nothing else), as `nlp.pipe(n_process=...)`
and spaCy's DocBin ship Docs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import filter_spans

from ingest.extract.corrections import correct_entities
from ingest.extract.labels import NAMED_BY_CONTEXT
from ingest.extract.mentions import Sentences, locate_mentions
from ingest.extract.relations import find_relations
from ingest.identifiers import find_identifiers

IDENTIFIERS = "nexus_identifiers"
NAMES = "nexus_names"
CORRECTIONS = "nexus_corrections"
EXTRACTION = "nexus_extraction"
SPAN_KEY = "identifiers"

# [start, end, kind, value, valid, specific] per identifier, character offsets.
Doc.set_extension("identifiers", default=None, force=True)
# Mention fields in the order of graph_service.domain.Mention, one list per mention.
Doc.set_extension("mentions", default=None, force=True)
# StatedRelation fields in order, one list per relation.
Doc.set_extension("relations", default=None, force=True)


@Language.component(IDENTIFIERS)
def identifiers_component(doc: Doc) -> Doc:
    """Find identifiers, make each one token and preset it as an entity."""
    hits = find_identifiers(doc.text)
    doc._.identifiers = [[h.start, h.end, h.kind.value, h.value, h.valid, h.specific] for h in hits]
    if not hits:
        doc.spans[SPAN_KEY] = SpanGroup(doc, name=SPAN_KEY)
        return doc
    spans = [doc.char_span(h.start, h.end, alignment_mode="expand") for h in hits]
    # Two identifiers inside one token ("a@b.com/c@d.com") cannot both be merged.
    mergeable = filter_spans([span for span in spans if span is not None])
    with doc.retokenize() as retokenizer:
        for span in mergeable:
            if len(span) > 1:
                retokenizer.merge(span)
    entities = filter_spans(
        [
            entity
            for hit in hits
            if (entity := doc.char_span(hit.start, hit.end, label=hit.kind.value, kb_id=hit.value,
                                        alignment_mode="expand"))
            is not None
        ]
    )
    doc.spans[SPAN_KEY] = SpanGroup(doc, name=SPAN_KEY, spans=entities)
    doc.ents = entities
    return doc


@Language.component(NAMES)
def names_component(doc: Doc) -> Doc:
    """Extend type-noun entities over the proper nouns that name them; drop the nameless.

    Proper nouns in front ("Jefferson substation", "Virginia State Police") or an
    "of" phrase of proper nouns after ("Port of Houston"), never entering another
    entity. Runs before the statistical NER, so "Jefferson" does not become a place.
    """
    entities = []
    for entity in doc.ents:
        label = NAMED_BY_CONTEXT.get(entity.label_)
        if label is None:
            entities.append(entity)
            continue
        start, end = entity.start, entity.end
        while start > 0 and _is_free_proper_noun(doc[start - 1]):
            start -= 1
        if end + 1 < len(doc) and doc[end].lower_ == "of" and _is_free_proper_noun(doc[end + 1]):
            end += 1
            while end < len(doc) and _is_free_proper_noun(doc[end]):
                end += 1
        if label != entity.label_ and (start, end) == (entity.start, entity.end):
            continue  # "the port", "the police": a type with no name
        entities.append(Span(doc, start, end, label=label, span_id=entity.id))
    # Two names may reach for the same proper noun ("Port of Houston Police Department");
    # the longer keeps it.
    doc.ents = filter_spans(entities)
    return doc


def _is_free_proper_noun(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_type == 0


@Language.component(CORRECTIONS)
def corrections_component(doc: Doc) -> Doc:
    """Drop and relabel the statistical NER's wrong person and organisation entities."""
    doc.ents = correct_entities(doc)
    return doc


@Language.component(EXTRACTION)
def extraction_component(doc: Doc) -> Doc:
    """Turn entities into mentions and read the relations off the parse."""
    sentences = Sentences(doc)
    located = locate_mentions(doc, sentences)
    doc._.mentions = [
        [m.kind.value, m.surface, m.start, m.end, m.sentence, m.confidence, m.role, m.value,
         m.valid, m.sector]
        for m in (item.mention for item in located)
    ]
    doc._.relations = [
        [r.kind.value, r.source, r.target, r.sentence, r.confidence]
        for r in find_relations(doc, located, sentences)
    ]
    return doc

