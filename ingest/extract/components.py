"""The Nexus pipeline components, registered with spaCy when this module is imported.

- `nexus_identifiers` runs first, before the statistical components: it finds
  identifiers with `graph_service.domain.identifiers`, merges each into one token (so that the
  tagger and parser see `202-555-0143` as one noun, not five numbers and dashes) and
  presets them as entities, which the entity ruler and NER then leave alone. The codes
  that are no identifier (versions, CVSS vectors, hashes) are preset too, as `CODE`
  entities that become no mention, so that the NER does not make "CVE-2021" a place.
- `nexus_names` runs after the entity rulers: it gives facility and agency type nouns
  the proper names around them ("Jefferson substation", "Port of Houston").
- `nexus_layout` runs right after the statistical NER: it cuts the entities that run
  across a paragraph break, a field label or a list bullet (see `layout.py`).
- `nexus_corrections` runs after the statistical NER: it drops the person and
  organisation entities that name nothing and relabels the ones the model got the
  kind of wrong (see `corrections.py`).
- `nexus_places` runs after the corrections: it makes places of the cities the model
  took for people or organisations (`places.py`).
- `nexus_refinements` runs after the places: it cuts product names off their
  vendor (`products.py`) and heading words off people (`people.py`), drops facility
  type nouns in scoring phrases and adds the sectors that advisories state
  (`advisories.py`), and marks the acronyms a report defines (`definitions.py`).
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

from graph_service.domain.identifiers import scan
from ingest.extract import layout
from ingest.extract.advisories import is_scoring_phrase, sector_spans
from ingest.extract.corrections import correct_entities
from ingest.extract.definitions import defined_acronyms
from ingest.extract.labels import NAMED_BY_CONTEXT
from ingest.extract.mentions import Sentences, locate_mentions
from ingest.extract.people import trimmed_person
from ingest.extract.places import as_places
from ingest.extract.products import vendor_of
from ingest.extract.relations import find_relations

IDENTIFIERS = "nexus_identifiers"
NAMES = "nexus_names"
CORRECTIONS = "nexus_corrections"
LAYOUT = "nexus_layout"
PLACES = "nexus_places"
REFINEMENTS = "nexus_refinements"
EXTRACTION = "nexus_extraction"
SPAN_KEY = "identifiers"
CODE = "CODE"  # the label of a masked code (graph_service.domain.identifiers.codes): no entity

# [start, end, kind, value, valid, specific] per identifier, character offsets.
Doc.set_extension("identifiers", default=None, force=True)
# Mention fields in the order of graph_service.domain.Mention, one list per mention.
Doc.set_extension("mentions", default=None, force=True)
# StatedRelation fields in order, one list per relation.
Doc.set_extension("relations", default=None, force=True)


@Language.component(IDENTIFIERS)
def identifiers_component(doc: Doc) -> Doc:
    """Find identifiers, make each one token and preset it as an entity."""
    found = scan(doc.text)
    hits = found.hits
    doc._.identifiers = [[h.start, h.end, h.kind.value, h.value, h.valid, h.specific] for h in hits]
    if not hits:
        doc.ents = filter_spans(_codes(doc, found.masks))
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
    # Codes were found on the text before the merge; their token spans are taken anew.
    doc.ents = filter_spans(entities + _codes(doc, found.masks))
    return doc


def _codes(doc: Doc, masks: list[tuple[int, int]]) -> list[Span]:
    """The masked codes as `CODE` entities (never overlapping one another)."""
    return [
        span for start, end in masks
        if (span := doc.char_span(start, end, label=CODE, alignment_mode="expand")) is not None
    ]


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


@Language.component(LAYOUT)
def layout_component(doc: Doc) -> Doc:
    """Cut the entities that run across a paragraph break, field label or list bullet."""
    stops = layout.breaks(doc)
    if stops:
        doc.ents = layout.cut(doc, list(doc.ents), stops)
    return doc


@Language.component(REFINEMENTS)
def refinements_component(doc: Doc) -> Doc:
    """Vendors without their products, people without heading words, no scoring phrases,
    stated sectors, defined acronyms."""
    entities = [
        trimmed for entity in doc.ents
        if not (entity.ent_id_ and is_scoring_phrase(entity))
        and (trimmed := trimmed_person(vendor_of(entity))) is not None
    ]
    # Sectors first: of two spans alike filter_spans keeps the first.
    doc.ents = filter_spans(sector_spans(doc) + defined_acronyms(doc, entities))
    return doc


@Language.component(CORRECTIONS)
def corrections_component(doc: Doc) -> Doc:
    """Drop and relabel the statistical NER's wrong person and organisation entities."""
    doc.ents = correct_entities(doc)
    return doc


@Language.component(PLACES)
def places_component(doc: Doc) -> Doc:
    """Make places of the cities the statistical NER took for people or organisations."""
    doc.ents = as_places(list(doc.ents))
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

