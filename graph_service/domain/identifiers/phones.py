"""Telephone numbers, normalised to E.164 with `phonenumbers`.

`phonenumbers` finds the candidates; which country a number belongs to is decided here,
because a wrong guess is worse than none (a foreign mobile read as a US number joins
whoever owns that US line):

1. A number in international form is that country's: `+44 20 7946 0958`, the `00` and
   `011` call prefixes wherever they stand ("Tel. No. 00441632960123"), and a country
   code in brackets before the number ("(44)(7700900123)").
2. A number written the North American way ("(202) 555-0143", "202.555.0143",
   "1-202-555-0143", ten digits in a row) is a US number: Nexus reports are filed for US
   areas, so the report's area is the region hint for a number in that shape.
3. Any other number counts only when the text calls it a phone ("tel.", "mobile",
   "called"...) just before it. It is then read in the country the text names (the
   first named country in whose numbering plan it is valid); when the text names none,
   the country cannot be told and the number is kept scoped to its report
   (`specific=False`), its value the digits as written.

Everything else a matcher finds among digits (a software version "11.2.4401.73", a date
"(2019) 11/04/ 19", a case number) is no phone. A number that fits its country's
numbering plan is valid; one that only has a possible length is kept as invalid when it
is written like a phone number (`123-456-7890`).

A service line (a toll-free or premium-rate number: `service_line`) is one line, kept as
one entity, but anyone may call it: it never joins its callers (`queries.hubs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers
from phonenumbers import (
    Leniency,
    PhoneNumberFormat,
    PhoneNumberMatcher,
    PhoneNumberType,
    ValidationResult,
)
from rigour.territories import get_territories

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

DEFAULT_REGION = "US"

# "00" is the international call prefix nearly everywhere but in North America, so with
# US as the default region phonenumbers reads "0044 20..." as a US number. Rewriting
# "00" as " +" keeps every offset in place. Only a "00" that starts a number counts:
# not one inside a digit group ("202 200 0010", "3.00 44"); a full stop after a word
# ("Tel. No. 0044...") is punctuation, not part of a number.
_ZERO_ZERO = re.compile(r"(?<![\d+\-)/])(?<!\d\.)(?<![\d+\-)/]\s)(?<!\d\.\s)00(?=\s?[1-9])")
_FORMATTING = re.compile(r"[+()\-.\s/]")
# "(44)(7700900123)", "(44) 7700 900123": a country code in brackets, then the number.
_BRACKETED_CODE = re.compile(
    r"(?<![\w)])\((?P<code>[1-9]\d{0,2})\)\s?(?P<number>\(?\d[\d ]{5,16}\d\)?)(?![\w(])"
)
# The North American way: optional 1, a three-digit area code (maybe in brackets), three
# and four digits, with one kind of separator or none; an extension may follow.
_NANP = re.compile(
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}(?P<sep>[\s.-]?))\d{3}(?(sep)(?P=sep)|[\s.-]?)\d{4}"
    r"(?:\s*(?:ext\.?|x|extension)\s*\d{1,6})?",
    re.I,
)
# A number that the words before it call a phone number ("Tel. No.", "mobile", "called").
_INTRODUCED = re.compile(
    r"\b(?i:tel|telephone|phone|mobile|cell|cellphone|fax|whatsapp|called|dialled|dialed|texted)"
    r"(?:[\s.:#-]|\b(?i:no|number|nr)\b)*(?P<number>\(?\+?\d[\d().\s-]{5,18}\d)(?![\w-])"
)


@cache
def _country_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of country names (rigour's territories) and each name's region code."""
    regions: dict[str, str] = {}
    for territory in get_territories():
        code = territory.code.upper()
        if not territory.is_country or code not in phonenumbers.SUPPORTED_REGIONS or code == "US":
            continue
        for name in {territory.name, territory.full_name}:
            if name and len(name) > 3:
                regions[name.lower()] = code
    regions |= {"uk": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                "british": "GB"}
    names = sorted(regions, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)
    return pattern, regions


def named_regions(text: str) -> list[str]:
    """The phone regions of the countries `text` names, in order of first mention."""
    pattern, regions = _country_names()
    found: list[str] = []
    for match in pattern.finditer(text):
        region = regions[match.group().lower()]
        if region not in found:
            found.append(region)
    return found


def _international(text: str) -> str:
    return _ZERO_ZERO.sub(" +", text)


def find(text: str) -> Iterator[IdentifierHit]:
    """Phone numbers in `text`, each with its E.164 value (see the module docstring)."""
    masked = _international(text)
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED_CODE.finditer(text):
        number = _parse(f"+{match['code']}{re.sub(r'[^0-9]', '', match['number'])}")
        if number is not None and _is_possible(number):
            taken.append((match.start(), match.end()))
            yield _hit(match.start(), match.end(), text, number, phonenumbers.is_valid_number(number))
    for found in PhoneNumberMatcher(masked, DEFAULT_REGION, leniency=Leniency.POSSIBLE):
        start, end = found.start, found.end
        if masked[start] == "+" and text[start] == "0":
            start -= 1  # take in the first "0" of the "00" prefix masked as a space
        surface = text[start:end]
        international = masked[found.start] == "+" or surface.startswith("011")
        if _overlaps(taken, start, end) or not (international or _NANP.fullmatch(surface)):
            continue
        valid = phonenumbers.is_valid_number(found.number)
        # Written with a prefix or like a phone number: a mistyped number, kept invalid.
        if valid or ((international or _FORMATTING.search(surface)) and _is_possible(found.number)):
            taken.append((start, end))
            yield _hit(start, end, text, found.number, valid)
    regions: list[str] | None = None
    for match in _INTRODUCED.finditer(text):
        start, end = match.span("number")
        if _overlaps(taken, start, end):
            continue
        regions = named_regions(text) if regions is None else regions
        placed = _introduced(match["number"], regions)
        if placed is not None:
            yield _hit(start, start + placed[0], text, placed[1], valid=True)
        elif 7 <= len(digits := re.sub(r"\D", "", match["number"])) <= 15:
            # No country can be told: kept to its report, its value the digits as written.
            yield IdentifierHit(EntityKind.PHONE, start, end, match["number"], digits, specific=False)


def _introduced(surface: str, regions: list[str]) -> tuple[int, phonenumbers.PhoneNumber] | None:
    """(length, number) of the longest head of `surface` that is a valid number: in
    international form or North American in that shape, else of a country the text
    names. The head, because a count may follow ("called (785) 555-0100 7 times")."""
    for group in reversed(list(re.finditer(r"\S+", surface))):
        head = surface[:group.end()]
        in_own_form = head.startswith("+") or _NANP.fullmatch(head)
        if in_own_form and (number := _parse(head)) and phonenumbers.is_valid_number(number):
            return len(head), number
        if (number := _in_named_country(head, regions)) is not None:
            return len(head), number
    return None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _in_named_country(surface: str, regions: list[str]) -> phonenumbers.PhoneNumber | None:
    """The number read in the first of `regions` whose numbering plan it fits."""
    for region in regions:
        try:
            number = phonenumbers.parse(surface, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def _parse(raw: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def _hit(start: int, end: int, text: str, number: phonenumbers.PhoneNumber, valid: bool) -> IdentifierHit:
    return IdentifierHit(
        EntityKind.PHONE, start, end, text[start:end],
        phonenumbers.format_number(number, PhoneNumberFormat.E164), valid,
    )


def _is_possible(number: phonenumbers.PhoneNumber) -> bool:
    # A full-length number; a local-only one (555-0143) names no line without its area code.
    return phonenumbers.is_possible_number_with_reason(number) == ValidationResult.IS_POSSIBLE


def normalise(raw: str) -> str | None:
    """The E.164 form of one phone number, or None when `raw` cannot be one."""
    text = raw.strip()
    if bracketed := _BRACKETED_CODE.fullmatch(text):
        text = f"+{bracketed['code']}{re.sub(r'[^0-9]', '', bracketed['number'])}"
    number = _parse(_international(text))
    if number is None or not _is_possible(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# Lines a business or a service publishes for anyone to call: a caller is one of thousands.
_SERVICE_TYPES = frozenset({
    PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
})


@cache
def service_line(value: str) -> bool:
    """Whether the E.164 number `value` is a service line (toll-free, premium-rate,
    shared-cost, universal access): two people who called it share nothing."""
    number = _parse(value)
    return number is not None and phonenumbers.number_type(number) in _SERVICE_TYPES


# Last: over one span, any other family's reading of the digits wins.
PHONE = IdentifierType(
    "phone", EntityKind.PHONE, find, normalise, rank=6, held=True, example="(202) 555-0143"
)
