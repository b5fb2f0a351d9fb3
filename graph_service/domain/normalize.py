"""Name normalisation for resolution keys: the same real name gives the same string.

Folds case, accents and transliteration (normality), drops person titles and company
legal forms (rigour, plus the English forms it leaves alone), and puts "SURNAME, Given"
back in reading order. Keys are built from these strings, so any change here changes the
graph's keys: keep it stable.
"""

from __future__ import annotations

import re

import normality
from rigour.names import remove_org_types, remove_person_prefixes

_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
_TITLES = frozenset({"sheikh", "shaykh", "imam", "sgt", "officer", "agent", "det", "lt", "capt", "col"})
# rigour knows LLC, Inc., Ltd., LLP...; these common English forms it keeps as name words.
_ORG_FORMS = frozenset({"corp", "corporation", "co", "company", "group"})
# Words that open a surname ("Al-Rashid", "de la Cruz"): never a given name on their own.
_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "bint", "van", "von", "der", "de", "del", "della", "da", "di",
    "du", "la", "le", "dos", "das",
})


def _fold(text: str) -> str:
    return normality.normalize(text, lowercase=True, ascii=True) or ""


def person_name(surface: str) -> str:
    """`"HASSAN, Ali"`, `"Mr. Ali K. Hassan's"` and `"Ali Hassan"` all give `"ali hassan"`."""
    # "O'Brien" is one name, not "O" and "Brien".
    text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", surface.strip()))
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if first and last:
            text = f"{first} {last}"
    tokens = _fold(text).split()
    while tokens:  # titles may stack ("Dr. Sheikh ..."): strip to a fixed point
        stripped = _fold(remove_person_prefixes(" ".join(tokens))).split()
        if stripped and stripped[0] in _TITLES:
            stripped = stripped[1:]
        if stripped == tokens:
            break
        tokens = stripped
    if len(tokens) >= 3:
        # A middle initial adds nothing a reader relies on: "Ali K. Hassan" is "Ali Hassan".
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return " ".join(tokens)


def person_parts(name: str) -> tuple[str, str]:
    """(given name, surname) of a normalised person name; the given name may be empty.

    A surname keeps its particles (`"waleed al masri"` → `("waleed", "al masri")`), so a
    surname written alone (`"al masri"`) is not mistaken for a given name and a surname.
    """
    tokens = name.split()
    if not tokens:
        return "", ""
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(tokens[:start]), " ".join(tokens[start:])


def organization_name(surface: str) -> str:
    """`"Crescent Logistics, L.L.C."` and `"crescent logistics"` give `"crescent logistics"`."""
    text = _POSSESSIVE.sub("", surface.strip())
    # Fold before and after: legal forms are recognised on the folded text, and removing
    # one can leave text that folds differently.
    tokens = _fold(remove_org_types(_fold(text.replace(".", "")))).split()
    while tokens and tokens[0] == "the":
        tokens = tokens[1:]
    # Only a trailing form is a legal form ("Group of Seven" is a name): strip to a fixed
    # point ("Acme Group Co."), never to nothing.
    while len(tokens) > 1 and tokens[-1] in _ORG_FORMS:
        tokens = tokens[:-1]
    return " ".join(tokens)


def place_name(surface: str) -> str:
    """Places and facilities: folded, without a leading article."""
    tokens = _fold(_POSSESSIVE.sub("", surface.strip())).split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)
