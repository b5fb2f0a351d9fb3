"""Mentions from a processed Doc: identifier rows, ruler and NER entities.

Runs inside the pipeline (see `components.py`), so the work happens in the worker
processes when `nlp.pipe` runs with several. The Doc keeps its token offsets here;
the relation rules need them, the Extraction does not.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Mention
from ingest.extract.labels import (
    ABBREVIATED_FORMS,
    LABELS,
    LEADING_DETERMINERS,
    SECTORS,
    is_junk,
    type_noun_ids,
)

# How sure extraction is that the span names an entity of its kind.
CONFIDENCE_NER = 0.85
CONFIDENCE_RULER = 0.95
CONFIDENCE_IDENTIFIER = 0.99
CONFIDENCE_INVALID_IDENTIFIER = 0.5

# A person introduced by one of these words has that role in the report.
_ROLE_WORDS = {"subject": "subject", "suspect": "subject", "victim": "victim", "witness": "witness"}
_ROLE_GAP = frozenset({",", ":", "the", "-", "("})


@dataclass(frozen=True, slots=True)
class LocatedMention:
    """A mention with its token span in the Doc it came from."""

    mention: Mention
    first_token: int
    end_token: int


class Sentences:
    """Sentence index of a token, by bisection over the sentence starts."""

    __slots__ = ("_starts",)

    def __init__(self, doc: Doc) -> None:
        self._starts = [sentence.start for sentence in doc.sents]

    def of(self, token: int) -> int:
        """Index of the sentence that holds token `token`."""
        return bisect_right(self._starts, token) - 1


def locate_mentions(doc: Doc, sentences: Sentences) -> list[LocatedMention]:
    """Every mention in `doc`, sorted by start offset."""
    located: list[LocatedMention] = []
    # Doc.text joins every token anew on each call: once per report, not once per mention
    # (on a 20,000-character page that was most of extraction's time beyond the model).
    text = doc.text
    for start, end, kind, value, valid, specific in doc._.identifiers:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        mention = Mention(
            kind=EntityKind(kind), surface=text[start:end], start=start, end=end,
            sentence=sentences.of(span.start),
            confidence=CONFIDENCE_IDENTIFIER if valid else CONFIDENCE_INVALID_IDENTIFIER,
            value=value,
            # Mention.valid means "may be used to merge", which a value that does not
            # single out one thing (a private IP, a plate without its state) may not.
            valid=valid and specific,
        )
        located.append(LocatedMention(mention, span.start, span.end))
    for entity in doc.ents:
        kind = LABELS.get(entity.label_)
        if kind is None or kind in IDENTIFIER_KINDS:
            continue
        span = _trim(entity)
        if span is None or is_junk(kind, span.text):
            continue
        pattern_id = entity.ent_id_
        end = _end_with_abbreviation_point(span, text)
        mention = Mention(
            kind=kind, surface=text[span.start_char:end], start=span.start_char, end=end,
            sentence=sentences.of(span.start),
            confidence=CONFIDENCE_RULER if pattern_id else CONFIDENCE_NER,
            role=_role(span) if kind is EntityKind.PERSON else None,
            sector=pattern_id if kind is EntityKind.FACILITY and pattern_id in SECTORS else None,
            # An organisation's canonical name (the ruler's id, a defined acronym's
            # expansion), which resolution keys it by.
            value=pattern_id if kind is EntityKind.ORGANIZATION and pattern_id
            and pattern_id not in type_noun_ids() else None,
        )
        located.append(LocatedMention(mention, span.start, span.end))
    located.sort(key=lambda item: item.mention.start)
    return located


def _trim(span: Span) -> Span | None:
    """The span without a leading determiner or a trailing possessive or punctuation."""
    first, end = span.start, span.end
    doc = span.doc
    while first < end and doc[first].lower_ in LEADING_DETERMINERS:
        first += 1
    while end > first and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[first:end] if end > first else None


def _end_with_abbreviation_point(span: Span, text: str) -> int:
    """End offset of `span`, over the point of a legal form that the tokenizer split off.

    At the end of a sentence ("a member of Northstar Exchange Ltd..") the point after
    "Ltd" becomes a token of its own, which `_trim` leaves out; the name keeps it.
    """
    end = span.end_char
    if span[-1].lower_ in ABBREVIATED_FORMS and text[end:end + 1] == ".":
        return end + 1
    return end


def _role(span: Span) -> str | None:
    """"subject", "victim" or "witness" when the text introduces the person as one."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in _ROLE_GAP:
        i -= 1
    if i >= 0 and doc[i].lower_ in _ROLE_WORDS:
        return _ROLE_WORDS[doc[i].lower_]
    root = span.root
    if root.dep_ == "appos" and root.head.lower_ in _ROLE_WORDS:
        return _ROLE_WORDS[root.head.lower_]
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in _ROLE_WORDS:
            return _ROLE_WORDS[child.lower_]
    return None
