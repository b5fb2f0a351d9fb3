"""Corrections to the statistical NER's person and organisation entities.

The small English model tags capitalised common nouns, vehicle makes and surnames as
organisations (ORG), and companies as people; each wrong Organization then joins every
report that uses the word, a false bridge in nexus search. The rules below
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
   surname-first form of records) is a surname too. Likewise a name of two or more
   proper nouns taken for a place or a product ("Apolonia Janicki" as GPE, "Onveer
   Dubey" as PRODUCT: rare names the small model has not seen) whose last word the
   report also uses alone as a person ("Janicki was behind the wheel"): a place is not
   referred to by its last word. A one-word place ("Washington") stays a place.
6. names in the upper-case forms of law-enforcement records, which the small model
   mostly misses or splits, are people: "VASQUEZ, Oscar" (surname first: one name, not
   a surname and a given name); "LAUREN TAYLOR" when the report goes on to say "TAYLOR"
   (two or three capitalised words alone would also match headings); and that "TAYLOR",
   an upper-case word that is the surname of a person named in the same report. They
   replace the statistical entities they overlap, never a ruler's. Capitalised words
   closed by a legal form ("ATLAS RIDGE CONSTRUCTION LLP", "Aztec Ridge Fireworks, LLC")
   are an organisation.
7. a name the text says an organisation also trades or is known as ("Highland Towing
   (also known as Highland Enterprises)"), or that trades as one, is an organisation
   too, wherever the report uses it, whether the model took it for a person or a place;
   so is a company's name written without its legal form ("Oasis Towing" in a report
   that names "Oasis Towing, LLP").
8. a name a profile introduces as a person is one, whatever the model made of it: after
   a field label ("Name: Ivan Petrov"), before a nationality ("Subject: Teresa Wang,
   Somali national", "Ali Said, a U.S. citizen"), an age ("Blanca Pak, 30, was
   arrested") or a birth year ("Jorge Estrada (born 1985)"), the forms in which law-
   enforcement writing introduces people; a number after a state or city, or one that
   a conjunction follows ("New York, 12, and Texas, 4"), is a count, not an age.

Only the statistical NER's entities change. The rulers' entities (agencies, threat
groups, facilities) carry a pattern id and are kept as they are.
"""

from __future__ import annotations

import calendar
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from graph_service.reference import areas
from ingest.extract.labels import COMPANY_SUFFIXES, GENERIC_NAMES, LEGAL_FORMS
from ingest.phrases import ALIAS

PERSON = "PERSON"
ORG = "ORG"
_NAMES = frozenset({PERSON, ORG})
# What the statistical NER takes a company's name for when it misses it ("Baltic Coast
# Fireworks" as a place).
_MISTAKEN_FOR_ORG = frozenset({PERSON, "GPE", "LOC", "FAC", "NORP"})
# What the statistical NER takes a rare person's full name for.
_MISTAKEN_FOR_PERSON = frozenset({"GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})
_CALENDAR = frozenset(name.lower() for name in (*calendar.day_name, *calendar.month_name) if name)
# Model years of the vehicles in a report.
_FIRST_MODEL_YEAR, _LAST_MODEL_YEAR = 1950, 2035


def correct_entities(doc: Doc) -> list[Span]:
    """The Doc's entities with rules 1-8 of the module docstring applied.

    The surname test comes before the common-noun test: the tagger now and then takes
    a surname at the start of a sentence ("Fuentes said...") for a common noun.
    """
    in_vehicle = _vehicle_tokens(doc)
    records, record_surnames = _record_names(doc, in_vehicle)
    taken = {i for span in records for i in range(span.start, span.end)}
    ruled = {i for e in doc.ents if e.ent_id_ for i in range(e.start, e.end)}
    records += _introduced_people(doc, taken | in_vehicle | ruled)
    taken = {i for span in records for i in range(span.start, span.end)}
    surnames = _surnames(doc) | record_surnames
    said_alone = _surnames_alone(doc)
    kept: list[Span] = list(records)  # first: of two spans alike, filter_spans keeps these
    for entity in doc.ents:
        if not entity.ent_id_ and any(i in taken for i in range(entity.start, entity.end)):
            continue
        if entity.ent_id_:
            kept.append(entity)
        elif entity.label_ in _MISTAKEN_FOR_PERSON and _is_full_name_of(entity, said_alone):
            kept.append(Span(doc, entity.start, entity.end, label=PERSON))
        elif entity.label_ not in _NAMES:
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
    return _join_suffixes(doc, _aliases_of_organisations(doc, kept))


# "Subject:" is left out: report headings use it too ("Subject: Suspicious Activity Report").
_FIELD_LABELS = frozenset({"name", "individual", "alias", "aka"})
_NATIONALITY_NOUNS = frozenset({"national", "citizen"})


def _introduced_people(doc: Doc, taken: set[int]) -> list[Span]:
    """Rule 8: two to four capitalised words after a field label ("Name:") or before
    a nationality (", [a] Somali national"), an age (", 30,") or a birth year
    (" (born 1985)")."""
    found = []
    for i in range(len(doc)):
        labelled = doc[i].lower_ in _FIELD_LABELS and i + 1 < len(doc) and doc[i + 1].text == ":"
        start = i + 2 if labelled else i
        if not labelled and i > 0 and _name_word_end(doc, i - 1, upper=False, proper=False) > i - 1:
            continue  # inside a run: only the run's first word starts one
        end, words = _capitalised_run(doc, start)
        if not 2 <= words <= 4 or any(j in taken for j in range(start, end)):
            continue
        if end < len(doc) and doc[end].lower_ in COMPANY_SUFFIXES:
            continue  # "System name: Clearbrook Water Authority" names a company
        if labelled or _nationality_follows(doc, end) or (
            _age_follows(doc, end) and doc[start:end].text.lower() not in _area_names()
        ):
            found.append(Span(doc, start, end, label=PERSON))
            taken = taken | set(range(start, end))
    return found


def _capitalised_run(doc: Doc, i: int, most: int = 5) -> tuple[int, int]:
    """The end of the capitalised name words from token `i` (at most `most`) and how many."""
    end, words = i, 0
    while words < most and (after := _name_word_end(doc, end, upper=False, proper=False)) > end:
        end, words = after, words + 1
    return end, words


def _nationality_follows(doc: Doc, i: int) -> bool:
    """Whether ", [a|an] <nationality> national|citizen" starts at token `i`."""
    if i >= len(doc) or doc[i].text != ",":
        return False
    j = i + 1
    if j < len(doc) and doc[j].lower_ in ("a", "an"):
        j += 1
    if j >= len(doc) or not (doc[j].ent_type_ in ("NORP", "GPE") or doc[j].text in ("U.S.", "US")):
        return False
    return j + 1 < len(doc) and doc[j + 1].lower_ in _NATIONALITY_NOUNS


def _age_follows(doc: Doc, i: int) -> bool:
    """Whether ", <age>," or " (born <year>)" starts at token `i`; not a number in a list
    ("New York, 12, and Texas, 4")."""
    if i + 3 >= len(doc):
        return False
    first, number, close = doc[i], doc[i + 1], doc[i + 2]
    if first.text == ",":
        return number.is_digit and len(number) <= 2 and close.text == "," and doc[i + 3].pos_ != "CCONJ"
    return (
        first.text == "(" and number.lower_ == "born"
        and close.is_digit and len(close) == 4 and doc[i + 3].text == ")"
    )


@cache
def _area_names() -> frozenset[str]:
    """The names of the states and urban areas (lower case): places, not people."""
    return frozenset(area.name.lower() for area in areas())


def _aliases_of_organisations(doc: Doc, entities: list[Span]) -> list[Span]:
    """Rule 7: a person or place next to an organisation it is said to be another name of
    (or the reverse) is that organisation, and so is every other one of that name."""
    ordered = sorted(entities, key=lambda span: span.start)
    relabel: set[str] = set()
    text = doc.text  # joined anew on every call: once, not once per pair
    for first, second in pairwise(ordered):
        pair = [first, second]
        others = [span for span in pair if span.label_ in _MISTAKEN_FOR_ORG and not span.ent_id_]
        if (
            len(others) == 1 and any(span.label_ == ORG for span in pair)
            and ALIAS.fullmatch(text[first.end_char:second.start_char])
        ):
            relabel.add(others[0].text)
    # "Oasis Towing" after "Oasis Towing, LLP" is the company too; a one-word name
    # ("Fuentes" of "Fuentes LLC") may as well be a person's surname.
    for span in entities:
        if span.label_ == ORG and _is_legal_form(span[-1]):
            name = doc[span.start:span.end - 1].text.rstrip(" ,")
            if len(name.split()) > 1:
                relabel.add(name)
    if not relabel:
        return entities
    return [
        Span(doc, span.start, span.end, label=ORG, span_id=span.id)
        if span.label_ in _MISTAKEN_FOR_ORG and not span.ent_id_ and span.text in relabel else span
        for span in entities
    ]


def _record_names(doc: Doc, in_vehicle: set[int]) -> tuple[list[Span], set[str]]:
    """People and companies written in the upper-case forms of records (rule 6 of the
    module docstring), and the people's surnames (lower case)."""
    ruled = {i for e in doc.ents if e.ent_id_ for i in range(e.start, e.end)} | in_vehicle
    companies = _companies(doc, ruled)
    ruled |= {i for span in companies for i in range(span.start, span.end)}
    names: list[tuple[Span, str]] = []  # each with its surname
    runs: list[Span] = []
    i = 0
    while i < len(doc):
        end = _name_word_end(doc, i, upper=True)
        if end == i or any(j in ruled for j in range(i, end)):
            i += 1
            continue
        if end < len(doc) and doc[end].text == ",":
            given = _name_word_end(doc, end + 1, upper=False)
            if given > end + 1 and not any(j in ruled for j in range(end + 1, given)):
                names.append((Span(doc, i, given, label=PERSON), doc[i:end].text))  # "VASQUEZ, Oscar"
                i = given
                continue
        words = [(i, end)]  # "LAUREN TAYLOR": upper-case words in a row
        while len(words) < 4 and (nxt := _name_word_end(doc, words[-1][1], upper=True)) > words[-1][1]:
            words.append((words[-1][1], nxt))
        if 2 <= len(words) <= 3:  # four or more: a heading, not a name
            runs.append(Span(doc, i, words[-1][1], label=PERSON))
        i = words[-1][1]
    covered = ruled | {i for span, _ in names for i in range(span.start, span.end)}
    alone = _lone_upper_words(doc, covered | {i for span in runs for i in range(span.start, span.end)})
    # A run is a name only when the report repeats its last word on its own.
    words_alone = {doc[i:e].text for i, e in alone}
    for run in runs:
        start = _last_word_start(run)
        if doc[start:run.end].text in words_alone:
            names.append((run, doc[start:run.end].text))
    surnames = {surname for _, surname in names}
    people = [span for span, _ in names] + [
        Span(doc, i, e, label=PERSON) for i, e in alone if doc[i:e].text in surnames
    ]
    return companies + people, {surname.lower() for surname in surnames}


def _companies(doc: Doc, ruled: set[int]) -> list[Span]:
    """Capitalised words closed by a capitalised legal form: "ACME TRADING LLC", "Aztec
    Ridge Fireworks, LLC". A statistical organisation that already reaches further back
    over the legal form ("Bank of America Corp.") is left as it is."""
    org_start = {i: e.start for e in doc.ents if e.label_ == ORG for i in range(e.start, e.end)}
    found = []
    for token in doc:
        if not (_is_legal_form(token) and token.text[0].isupper()) or token.i in ruled:
            continue
        last = token.i - 1
        if last > 0 and doc[last].text == ",":
            last -= 1
        start = last + 1
        while start > 0 and start - 1 not in ruled and (
            _is_capitalised(doc[start - 1])
            or (doc[start - 1].text in ("-", "&") and start > 1 and _is_capitalised(doc[start - 2]))
        ):
            start -= 1
        if start <= last and org_start.get(token.i, token.i) >= start:
            found.append(Span(doc, start, token.i + 1, label=ORG))
    return found


def _is_capitalised(token: Token) -> bool:
    return (
        token.is_alpha and token.text[0].isupper() and not token.is_stop and not _is_legal_form(token)
        and token.ent_type_ not in _NOT_NAMES and token.lower_ not in _CALENDAR
    )


def _name_word_end(doc: Doc, i: int, *, upper: bool, proper: bool = True) -> int:
    """The end of a name word at token `i` ("AL-MASRI", "Ji-woo"), or `i` when none is:
    letters, all upper-case or (`upper` false) capitalised, maybe hyphenated; a proper
    noun unless `proper` is false (the tagger often misreads an upper-case word)."""
    if i >= len(doc):
        return i
    first = doc[i]
    if not (first.is_alpha and len(first) > 1) or first.is_stop or (proper and first.pos_ != "PROPN"):
        return i
    if upper != first.is_upper or (not upper and not first.text[0].isupper()):
        return i
    if first.lower_.rstrip(".") in COMPANY_SUFFIXES:
        return i
    end = i + 1
    while (end + 1 < len(doc) and doc[end].text in ("-", "'") and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].is_alpha):
        end += 2
    return end


def _last_word_start(span: Span) -> int:
    """The first token of the span's last word ("AL-MASRI" is one word of three tokens)."""
    doc, start = span.doc, span.end - 1
    while start - 2 >= span.start and doc[start - 1].text in ("-", "'") and not doc[start - 2].whitespace_:
        start -= 2
    return start


def _lone_upper_words(doc: Doc, covered: set[int]) -> list[tuple[int, int]]:
    """Upper-case words standing alone, outside `covered` and not next to another."""
    found = []
    i = 0
    while i < len(doc):
        end = _name_word_end(doc, i, upper=True, proper=False)
        if end > i and not any(j in covered for j in range(i, end)) and (
            _name_word_end(doc, end, upper=True, proper=False) == end
        ) and (i == 0 or _name_word_end(doc, i - 1, upper=True, proper=False) == i - 1):
            found.append((i, end))
        i = max(end, i + 1)
    return found


def _surnames(doc: Doc) -> set[str]:
    """The last words of the people the statistical NER found in `doc`."""
    return {
        _last_word(entity)
        for entity in doc.ents
        if not entity.ent_id_ and not _is_generic(entity)
        and ((entity.label_ == PERSON and _last_word(entity) not in COMPANY_SUFFIXES)
             or (entity.label_ == ORG and _is_surname_first(entity)))
    }


def _surnames_alone(doc: Doc) -> set[str]:
    """The one-word people of the statistical NER ("Janicki"), lower case."""
    return {
        entity.text.lower()
        for entity in doc.ents
        if entity.label_ == PERSON and not entity.ent_id_ and _last_word_start(entity) == entity.start
    }


def _is_full_name_of(entity: Span, said_alone: set[str]) -> bool:
    """Two or more proper nouns ending in a word the report uses alone for a person."""
    start = _last_word_start(entity)
    return (
        start > entity.start and all(token.pos_ == "PROPN" for token in entity)
        and entity.doc[start:entity.end].text.lower() in said_alone
    )


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
