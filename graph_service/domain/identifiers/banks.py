"""Bank accounts: International Bank Account Numbers (IBAN, ISO 13616).

An IBAN is a country code, two check digits (ISO 7064 mod 97-10) and a national account
number (BBAN) whose length and layout the country fixes. It is written compact
(`GB29NWBK60161331926819`) or printed in groups of four (`GB29 NWBK 6016 1331 9268 19`);
the value is the compact upper-case form. `python-stdnum` holds the registry of BBAN
layouts and decides: a candidate whose layout fits its country but whose check digits are
wrong is kept as invalid (a mistyped account); one whose layout fits no country is not an
IBAN at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

_COMPACT = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])")
# The last group of a printed IBAN is shorter when the length is not a multiple of four.
# A capitalised word after it ("... 9268 19 TODAY") can look like one more group, so the
# match is cut back group by group until the registry accepts it.
_GROUPED = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?(?![A-Za-z0-9])"
)
# The shortest IBAN (Norway, 15 characters) prints as four groups.
_MIN_GROUPS = 4


def _verdict(compact: str) -> bool | None:
    """True for a valid IBAN, False for one with wrong check digits, None for no IBAN."""
    if iban.is_valid(compact):
        return True
    # With the check digits recomputed over the rest, a valid number means only they were
    # wrong and the layout is a real country's.
    corrected = compact[:2] + iban.calc_check_digits(compact) + compact[4:]
    return False if iban.is_valid(corrected) else None


def find(text: str) -> Iterator[IdentifierHit]:
    """IBANs in `text`, compact or printed in groups of four."""
    for match in _COMPACT.finditer(text):
        verdict = _verdict(match.group())
        if verdict is not None:
            yield _hit(match.start(), match.group(), match.group(), verdict)
    for match in _GROUPED.finditer(text):
        groups = match.group().split(" ")
        for count in range(len(groups), _MIN_GROUPS - 1, -1):
            surface = " ".join(groups[:count])
            compact = "".join(groups[:count])
            verdict = _verdict(compact)
            if verdict is not None:
                yield _hit(match.start(), surface, compact, verdict)
                break


def _hit(start: int, surface: str, compact: str, valid: bool) -> IdentifierHit:
    return IdentifierHit(EntityKind.ACCOUNT, start, start + len(surface), surface, compact, valid)


def normalise(raw: str) -> str | None:
    """The compact value of one IBAN, or None when `raw` is not one.

    Case and spacing do not matter, nor do wrong check digits: a mistyped IBAN normalises
    like any other, so that a search finds the mentions kept as invalid.
    """
    compact = "".join(raw.split()).upper()
    if not _COMPACT.fullmatch(compact):
        return None
    return compact if _verdict(compact) is not None else None


# A wallet and an IBAN are both an Account and rank alike (`wallets.WALLET`).
IBAN = IdentifierType(
    "iban", EntityKind.ACCOUNT, find, normalise, rank=2, held=True,
    example="GB29 NWBK 6016 1331 9268 19",
)
