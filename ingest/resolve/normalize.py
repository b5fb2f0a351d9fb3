"""Name normalisation for resolution keys: the same real name gives the same string.

Folds case, accents and transliteration (normality), drops person titles and company
legal forms (rigour), and puts "SURNAME, Given" back in reading order. Keys are built
from these strings, so any change here changes the graph's keys: keep it stable.
"""

from __future__ import annotations

import re

import normality
from rigour.names import remove_org_types, remove_person_prefixes

_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
_TITLES = frozenset({"sheikh", "shaykh", "imam", "sgt", "officer", "agent", "det", "lt", "capt", "col"})


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


def organization_name(surface: str) -> str:
    """`"Crescent Logistics, L.L.C."` and `"crescent logistics"` give `"crescent logistics"`."""
    text = _POSSESSIVE.sub("", surface.strip())
    # Fold before and after: legal forms are recognised on the folded text, and removing
    # one can leave text that folds differently.
    tokens = _fold(remove_org_types(_fold(text.replace(".", "")))).split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def place_name(surface: str) -> str:
    """Places and facilities: folded, without a leading article."""
    tokens = _fold(_POSSESSIVE.sub("", surface.strip())).split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)
