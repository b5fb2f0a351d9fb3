"""Person spans with a capitalised common word attached: "Delacroix Interview".

Page headings and captions of a long case file put a capitalised word next to a surname
("Delacroix Interview", "Discusses Delacroix", "Statement of Colonel Delacroix"), and the
statistical NER takes the pair for a person: hundreds of mentions of one man over dozens
of nodes. A person span loses the words at either end that are the common words of such
headings; what is left is the name.
"""

from __future__ import annotations

from spacy.tokens import Span

HEADING_WORDS = frozenset({
    "interview", "interviews", "interviewed", "discusses", "discussed", "discussion", "says",
    "said", "statement", "statements", "testimony", "memo", "memorandum", "notes", "note",
    "report", "reports", "file", "files", "transcript", "letter", "letters", "meeting",
    "page", "exhibit", "summary", "re", "regarding", "concerning", "photo", "photograph",
    "attachment", "appendix", "minutes", "deposition", "affidavit", "profile", "case",
    "contact", "contacts", "visit", "arrest", "trial", "debriefing", "tasking", "record",
})


def trimmed_person(entity: Span) -> Span | None:
    """A person span without heading words at its ends; None when nothing is left."""
    if entity.label_ != "PERSON" or entity.ent_id_:
        return entity
    start, end = entity.start, entity.end
    doc = entity.doc
    while start < end and doc[start].lower_ in HEADING_WORDS:
        start += 1
    while end > start and doc[end - 1].lower_ in HEADING_WORDS:
        end -= 1
    if (start, end) == (entity.start, entity.end):
        return entity
    return Span(doc, start, end, label=entity.label) if end > start else None
