"""Telephone numbers, normalised to E.164 with `phonenumbers`.

Numbers without a country code are read as US numbers. `phonenumbers` finds the
candidates and decides: a number that fits its country's numbering plan is valid; one
that only has a possible full length is kept as invalid when it is written like a phone
number (`123-456-7890`) and dropped when it is a bare run of digits, which is far more
often a case or account number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, ValidationResult

from graph_service.domain import EntityKind
from ingest.identifiers.hit import IdentifierHit

DEFAULT_REGION = "US"

# "00" is the international call prefix nearly everywhere but in North America, so with
# US as the default region phonenumbers reads "0044 20..." as a US number. Rewriting
# "00" as " +" keeps every offset in place. Only a "00" that starts a number counts:
# not one that follows a digit group ("202 200 0010").
_ZERO_ZERO = re.compile(r"(?<![\d+\-.)/])(?<![\d+\-.)/]\s)00(?=\s?[1-9])")
_FORMATTING = re.compile(r"[+()\-.\s/]")


def _international(text: str) -> str:
    return _ZERO_ZERO.sub(" +", text)


def find(text: str) -> Iterator[IdentifierHit]:
    """Phone numbers in `text`, each with its E.164 value."""
    masked = _international(text)
    for match in PhoneNumberMatcher(masked, DEFAULT_REGION, leniency=Leniency.POSSIBLE):
        start = match.start
        if masked[start] == "+" and text[start] == "0":
            start -= 1  # take in the first "0" of the "00" prefix masked as a space
        surface = text[start : match.end]
        valid = phonenumbers.is_valid_number(match.number)
        if not valid and not (_FORMATTING.search(surface) and _is_possible(match.number)):
            continue
        yield IdentifierHit(
            EntityKind.PHONE, start, match.end, surface,
            phonenumbers.format_number(match.number, PhoneNumberFormat.E164), valid,
        )


def _is_possible(number: phonenumbers.PhoneNumber) -> bool:
    # A full-length number; a local-only one (555-0143) names no line without its area code.
    return phonenumbers.is_possible_number_with_reason(number) == ValidationResult.IS_POSSIBLE


def normalise(raw: str) -> str | None:
    """The E.164 form of one phone number, or None when `raw` cannot be one."""
    try:
        number = phonenumbers.parse(_international(raw.strip()), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not _is_possible(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
