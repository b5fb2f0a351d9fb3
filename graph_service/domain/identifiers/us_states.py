"""US states, DC and territories: USPS code by name, for plates and driver's licences."""

from __future__ import annotations

import re

CODES_BY_NAME: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY", "district of columbia": "DC", "puerto rico": "PR", "guam": "GU",
    "u.s. virgin islands": "VI", "virgin islands": "VI", "american samoa": "AS",
    "northern mariana islands": "MP",
}
CODES: frozenset[str] = frozenset(CODES_BY_NAME.values())

# A state as written in a report: its name in any case, or its USPS code in capitals
# ("IN", "OR" and "ME" are also words, so lower-case codes are not accepted). Longer
# names first so that "West Virginia" is not read as "Virginia".
PATTERN = "(?:(?i:{names})|{codes})".format(
    names="|".join(
        r"\s+".join(map(re.escape, name.split()))
        for name in sorted(CODES_BY_NAME, key=len, reverse=True)
    ),
    codes="|".join(sorted(CODES)),
)


def code(name_or_code: str) -> str | None:
    """The USPS code of a state written as its name or its code, or None."""
    key = " ".join(name_or_code.split())
    if key in CODES:
        return key
    return CODES_BY_NAME.get(key.lower())
