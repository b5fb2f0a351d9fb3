"""Corrections to the statistical NER's person and organisation entities.

The small English model tags capitalised common nouns, vehicle makes and surnames as
organisations (ORG), and companies as people; each wrong Organization then joins every
report that uses the word, a false bridge in nexus search (issue 6). The rules below
are tests the parsed Doc can answer itself, applied in this order:

1. a vehicle description ("a red 2013 Toyota Camry", "a 2021 Honda Odyssey") names a
   make and model: the proper nouns after a model year are no person or organisation;
2. a name with no proper noun in it ("Detectives", "Media coverage", "Photographs",
   "Biographic details") is a common noun or adjective the model took for a name, and
   a unit word in `GENERIC_NAMES` ("K-9") names no one: dropped;
3. a name that ends in a company suffix ("Atlas Ridge Construction LLP", "Al-Noor
   Ridge Trading") is an organisation, whatever the model said;
4. a company suffix set off by a comma ("Crescent Point Wholesale Grocers, Group"), or
   proper nouns up to a legal form that the model left out ("Red River Valley" +
   "Trucking LLP"), are part of the organisation's name;
5. an organisation whose last word is the surname of a person named in the same report
   ("Fuentes said..." after "Manuel Fuentes"; "Isabel Diaz" tagged ORG next to "Diaz"
   tagged PERSON) is that person, unless it ends in a company suffix: relabelled
   PERSON, so resolution's within-report surname coreference attaches it to the full
   name. A capitalised word set before a given name by a comma ("WANG, Ji-woo", the
   surname-first form of records) is a surname too.

Only the statistical NER's entities change. The rulers' entities (agencies, threat
groups, facilities) carry a pattern id and are kept as they are.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ingest.extract.labels import COMPANY_SUFFIXES, GENERIC_NAMES, LEGAL_FORMS

PERSON = "PERSON"
ORG = "ORG"
_NAMES = frozenset({PERSON, ORG})
# Model years of the vehicles in a report.
_FIRST_MODEL_YEAR, _LAST_MODEL_YEAR = 1950, 2035


def correct_entities(doc: Doc) -> list[Span]:
    """The Doc's entities with rules 1-5 of the module docstring applied.

    The surname test comes before the common-noun test: the tagger now and then takes
    a surname at the start of a sentence ("Fuentes said...") for a common noun.
    """
    in_vehicle = _vehicle_tokens(doc)
    surnames = _surnames(doc)
    kept: list[Span] = []
    for entity in doc.ents:
        if entity.label_ not in _NAMES or entity.ent_id_:
            kept.append(entity)
        elif any(i in in_vehicle for i in range(entity.start, entity.end)):
            continue
        elif _last_word(entity) in COMPANY_SUFFIXES:
            kept.append(Span(doc, entity.start, entity.end, label=ORG))
        elif entity.label_ == ORG and _last_word(entity) in surnames and (
            len(entity) == 1 or all(token.pos_ == "PROPN" for token in entity)
        ):
            kept.append(Span(doc, entity.start, entity.end, label=PERSON))
        elif not _is_generic(entity):
            kept.append(entity)
    return _join_suffixes(doc, kept)


def _surnames(doc: Doc) -> set[str]:
    """The last words of the people the statistical NER found in `doc`."""
    return {
        _last_word(entity)
        for entity in doc.ents
        if not entity.ent_id_ and not _is_generic(entity)
        and ((entity.label_ == PERSON and _last_word(entity) not in COMPANY_SUFFIXES)
             or (entity.label_ == ORG and _is_surname_first(entity)))
    }


def _last_word(span: Span) -> str:
    return span[-1].lower_.rstrip(".")


def _is_surname_first(entity: Span) -> bool:
    """One upper-case word, a comma, then a capitalised given name ("EGAL, Yasmine")."""
    doc = entity.doc
    end = entity.end
    return (
        len(entity) == 1 and entity[0].is_upper and end + 1 < len(doc) and doc[end].text == ","
        and doc[end + 1].is_title and doc[end + 1].pos_ == "PROPN" and not _is_suffix(doc[end + 1])
    )


def _is_generic(entity: Span) -> bool:
    """No proper noun in the span, or a unit word ("K-9")."""
    return (
        all(token.pos_ != "PROPN" for token in entity)
        or entity.text.lower().strip(" .") in GENERIC_NAMES
    )


def _is_suffix(token: Token) -> bool:
    return not token.is_lower and token.lower_.rstrip(".") in COMPANY_SUFFIXES


def _is_legal_form(token: Token) -> bool:
    return not token.is_lower and token.lower_.rstrip(".") in LEGAL_FORMS


def _vehicle_tokens(doc: Doc) -> set[int]:
    """Indices of the proper nouns after a model year ("2013 Toyota Camry")."""
    found: set[int] = set()
    for token in doc:
        if not (token.is_digit and len(token) == 4
                and _FIRST_MODEL_YEAR <= int(token.text) <= _LAST_MODEL_YEAR):
            continue
        # "in 2021 Northstar ..." is a date before a name, not a model year.
        if token.i > 0 and doc[token.i - 1].pos_ == "ADP":
            continue
        i = token.i + 1
        while i < len(doc) and doc[i].pos_ == "PROPN":
            found.add(i)
            i += 1
    return found


def _join_suffixes(doc: Doc, entities: list[Span]) -> list[Span]:
    """Organisations extended over a ", Group" or a "Trucking LLP" that follows them."""
    joined: list[Span] = []
    for entity in entities:
        end = entity.end
        if entity.label_ == ORG and end + 1 < len(doc) and doc[end].text == "," and _is_suffix(doc[end + 1]):
            end += 2
        elif entity.label_ == ORG:
            last = end
            while last < len(doc) and doc[last].pos_ == "PROPN" and not _is_legal_form(doc[last]):
                last += 1
            if last < len(doc) and _is_legal_form(doc[last]):
                end = last + 1
        joined.append(
            entity if end == entity.end else Span(doc, entity.start, end, label=ORG, span_id=entity.id)
        )
    # The suffix may have been an entity of its own ("Group"); the longer span keeps it.
    return sorted(filter_spans(joined), key=lambda span: span.start)
