"""Acronyms a report defines: "the Northern Crescent Brigade (NCB)".

The report then says "NCB" and means the brigade; the statistical NER finds the acronym
in few of its mentions and nothing linked it to its expansion. An organisation followed
by an acronym in brackets whose letters are the initials of the organisation's words
defines that acronym: every later use of the acronym in the report is an organisation
mention, and each carries the expansion as its id, so that resolution keys it as the
expansion (`graph_service.domain.keys`). Elsewhere the acronym alone becomes a candidate of the
expansion, not a merge (`ingest.resolve.block`, `decide`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "&"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


def initials(name: str) -> str:
    """The initials of a name's words, minor words left out ("Northern Crescent Brigade"
    → "NCB"; "Islamic State of Iraq and Syria" → "ISIS" with them in)."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", name)
    return "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS).upper()


def _initials_with_minor(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", name)
    return "".join(w[0] for w in words if w.lower() not in ("the", "a", "an")).upper()


def defined_acronyms(doc: Doc, entities: list[Span]) -> list[Span]:
    """`entities` with each acronym the report defines marked as its expansion everywhere.

    The definition's expansion keeps its span; the acronym in brackets and every later
    token spelt like it become ORG spans whose id is the expansion's text, replacing a
    statistical entity on the same token.
    """
    expansions: dict[str, str] = {}
    for entity in entities:
        # A ruler's organisation has its canonical id already ("ISIS").
        if entity.label_ != "ORG" or entity.ent_id_ or entity.end + 2 >= len(doc):
            continue
        opening, acronym, closing = doc[entity.end], doc[entity.end + 1], doc[entity.end + 2]
        if opening.text != "(" or closing.text != ")" or not _ACRONYM.fullmatch(acronym.text):
            continue
        name = entity.text[4:] if entity.text.lower().startswith("the ") else entity.text
        if acronym.text in (initials(name), _initials_with_minor(name)):
            expansions.setdefault(acronym.text, name)
    if not expansions:
        return entities
    uses = [
        Span(doc, token.i, token.i + 1, label="ORG", span_id=expansions[token.text])
        for token in doc if token.text in expansions
    ]
    used = {span.start for span in uses}
    return [e for e in entities if not any(i in used for i in range(e.start, e.end))] + uses
