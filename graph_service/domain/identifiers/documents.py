"""Identity documents: passport and US driver's licence numbers.

Document numbers have no shape of their own (a passport number is six to ten letters
and digits), so only a number introduced by its document ("passport no. 123456789",
"Texas DL 12345678") is a candidate. A number is unique only within its issuer, so the
value is `USA:5550123456` for a passport (ISO 3166 alpha-3 of the issuing country) and
`TX:12345678` for a licence (USPS code of the state). A passport whose country the
text does not give keeps the bare number as its value and is marked not specific.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from rigour.territories import lookup_territory

from graph_service.domain import EntityKind
from graph_service.domain.identifiers import us_states
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

_NUMBER_WORD = r"(?:\s+(?i:number|no\.?|num\.?|#))?\s*[:#]?\s*"
# Up to three capitalised words before "passport" may name the issuer: "US", "U.S.",
# "Saudi Arabian", "Hassan's Syrian" (the longest tail that names a country wins).
_PASSPORT = re.compile(
    r"(?:(?P<issuer>(?:[A-Z][\w.'’]*\s+){1,3}))?(?i:passport)" + _NUMBER_WORD
    + r"(?P<number>[A-Z0-9]{6,12})(?![\w-])(?:\s*\(\s*(?P<issuer_after>[A-Z][A-Za-z .]+?)\s*\))?"
)
_LICENCE = re.compile(
    rf"(?<![\w-])(?P<state>{us_states.PATTERN})\s+"
    r"(?i:driver'?s'?\s+licen[cs]e|driving\s+licen[cs]e|DL|ODL|CDL)"
    + _NUMBER_WORD + r"(?P<number>[A-Z0-9]{5,14})(?![\w-])"
)
_QUALIFIED = re.compile(r"(?P<issuer>[A-Z]{2,3}):(?P<number>[A-Z0-9]{5,14})")


@cache
def _issuer(words: str) -> tuple[str, int] | None:
    """(ISO alpha-3, offset of its name) for the longest tail of `words` naming a country."""
    for token in re.finditer(r"\S+", words):
        territory = lookup_territory(words[token.start() :].strip())
        if territory is not None and territory.is_country and territory.alpha3:
            return territory.alpha3.upper(), token.start()
    return None


def _number(raw: str) -> str | None:
    # A run of letters is a word ("PASSPORT NUMBER UNKNOWN"), not a document number.
    return raw if sum(c.isdigit() for c in raw) >= 4 else None


def find(text: str) -> Iterator[IdentifierHit]:
    """Passport and driver's licence numbers in `text`."""
    for match in _PASSPORT.finditer(text):
        number = _number(match["number"])
        if number is None:
            continue
        start, end, country = match.start("number"), match.end("number"), None
        if match["issuer_after"] and (after := _issuer(match["issuer_after"])):
            country, end = after[0], match.end()
        elif match["issuer"] and (before := _issuer(match["issuer"])):
            country, start = before[0], match.start("issuer") + before[1]
        value = f"{country}:{number}" if country else number
        yield IdentifierHit(
            EntityKind.DOCUMENT, start, end, text[start:end], value, specific=country is not None
        )
    for match in _LICENCE.finditer(text):
        number = _number(match["number"])
        state = us_states.code(match["state"])
        if number is not None and state is not None:
            yield IdentifierHit(
                EntityKind.DOCUMENT, match.start(), match.end(), match.group(), f"{state}:{number}"
            )


def normalise(raw: str) -> str | None:
    """The value of one document number, or None when `raw` is not one.

    Accepts `USA:5550123456`, `TX:12345678`, "US passport 5550123456", "Texas DL
    12345678" and a bare number, which stays bare.
    """
    text = " ".join(raw.split())
    if qualified := _QUALIFIED.fullmatch(text.upper()):
        number = _number(qualified["number"])
        return None if number is None else f"{qualified['issuer']}:{number}"
    hits = list(find(text))
    if len(hits) == 1:
        return hits[0].value
    bare = text.upper().replace("-", "").replace(" ", "")
    return bare if bare.isalnum() and 5 <= len(bare) <= 14 and _number(bare) else None


# Over one span, a number introduced as a passport is that passport, not a phone
# number that happens to have ten digits.
DOCUMENT = IdentifierType(
    "document", EntityKind.DOCUMENT, find, normalise, rank=0, held=True,
    example="US passport 5550123456",
)
