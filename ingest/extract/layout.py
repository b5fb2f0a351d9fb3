"""The layout of a report's text, which no name runs across.

Real reports are laid out: paragraphs, forms of "Field: value" lines, bulleted lists. The
statistical NER reads tokens, not lines, and runs a name across that layout: "Region
served: Statewide\\n\\nOperator" becomes one organisation, and since the same form is
filed hundreds of times, one hub that joins every report of the form. A name stops:

- at a paragraph break (a blank line);
- at a field label at the start of a line ("Sector:", "Location:", "Region served:"),
  which is no part of any name either;
- at a list bullet at the start of a line ("-", "*", "•", "1.", "a)").

A single line break does not stop a name: OCR and e-mail wrap lines anywhere, and a name
split over two lines is still one name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

_BULLET = re.compile(r"[-*•·▪◦‣○●■□–—>]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]")
_MOST_LABEL_WORDS = 4


def breaks(doc: Doc) -> set[int]:
    """Indices of the tokens no entity may hold: paragraph breaks, line-leading field
    labels with their colon and the line break before them, and line-leading bullets."""
    found: set[int] = set()
    for token in doc:
        if not token.is_space or "\n" not in token.text:
            continue
        if token.text.count("\n") >= 2:
            found.add(token.i)
        line = token.i + 1
        while line < len(doc) and doc[line].is_space and "\n" not in doc[line].text:
            line += 1
        label = _field_label_end(doc, line)
        if label is not None:
            found.update(range(token.i, label))
        elif line < len(doc) and _BULLET.fullmatch(doc[line].text):
            found.update((token.i, line))
    if len(doc) and (label := _field_label_end(doc, 0)) is not None:
        found.update(range(0, label))
    return found


def _field_label_end(doc: Doc, i: int) -> int | None:
    """The index after the colon of a field label starting at token `i` ("Sector:",
    "Region served:"), or None: one to four words, the first capitalised, then ':'."""
    if i >= len(doc) or not doc[i].is_alpha or not doc[i].text[0].isupper():
        return None
    for j in range(i + 1, min(i + _MOST_LABEL_WORDS + 1, len(doc))):
        if doc[j].text == ":":
            return j + 1
        if not (doc[j].is_alpha or doc[j].text in ("/", "-", "&")) or "\n" in doc[j].text:
            return None
    return None


def cut(doc: Doc, entities: list[Span], stops: set[int]) -> list[Span]:
    """`entities` cut at the `stops` tokens; each piece keeps its label, blank pieces go."""
    out: list[Span] = []
    for entity in entities:
        if not any(i in stops for i in range(entity.start, entity.end)):
            out.append(entity)
            continue
        start = entity.start
        for i in range(entity.start, entity.end + 1):
            if i == entity.end or i in stops:
                piece = _strip_space(doc, start, i)
                if piece is not None:
                    out.append(Span(doc, piece[0], piece[1], label=entity.label, span_id=entity.id))
                start = i + 1
    return out


def _strip_space(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].is_space or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return (start, end) if end > start else None
