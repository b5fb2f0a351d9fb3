"""Vehicles: US licence plates with their state, VINs and IMO ship numbers.

A plate number is unique only within its issuing state, so the value is `TX:ABC1234`.
A plate whose state the text does not give is kept with the bare plate as its value
and marked not specific. VINs carry the ISO 3779 check digit in position 9, but only
North American vehicles must (world manufacturer identifiers starting 1-5): a North
American VIN that fails it is kept as invalid; elsewhere position 9 is the maker's own,
so a European or Asian VIN is valid whatever it holds there and merges across reports. IMO numbers
identify a ship for life and carry a check digit too; a ship is a Vehicle here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import imo

from graph_service.domain import EntityKind
from graph_service.domain.identifiers import us_states
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

# Plate keywords as reports write them: "plate", "license plate number", "tags", "LP".
_KEYWORD = (
    r"(?i:(?:licen[cs]e\s+|registration\s+|tag\s+)?(?:plates?|tags?|registration|reg\.|LP)"
    r"(?:\s+(?:number|no\.?|num\.?|#))?)"
)
# Plates as written: "ABC1234", "ABC-1234", "ABC 1234", "7ABC123". Capitals only, so
# that "plate number" or "plate was" is never read as a plate.
_PLATE = r"(?:[A-Z]{1,4} \d{1,4}|[A-Z0-9]{1,4}-[A-Z0-9]{1,4}|[A-Z0-9]{2,8})(?![\w-])"
_PLATE_IN_TEXT = re.compile(
    rf"(?:(?<![\w-])(?P<state>{us_states.PATTERN})\s+)?(?<![\w-]){_KEYWORD}\s*[:#]?\s*"
    rf"(?P<plate>{_PLATE})(?:\s*\(\s*(?P<state_after>{us_states.PATTERN})\s*\))?"
)
_STATE_THEN_PLATE = re.compile(rf"(?P<state>{us_states.PATTERN})\s*[:/\s-]\s*(?P<plate>{_PLATE})")
_PLATE_THEN_STATE = re.compile(rf"(?P<plate>{_PLATE})\s*\(\s*(?P<state>{us_states.PATTERN})\s*\)")

_VIN = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])")
_VIN_ALPHABET = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
# ISO 3779 / 49 CFR 565.15: letters transliterate to digits; I, O and Q never occur.
_VIN_VALUES = dict(
    zip("0123456789ABCDEFGHJKLMNPRSTUVWXYZ", map(int, "012345678912345678123457923456789"), strict=True)
)
_NORTH_AMERICA = frozenset("12345")
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

_IMO = re.compile(r"\bIMO(?:\s*(?i:no\.?|number|#))?[\s:.]*(?P<number>\d{7})(?!\d)")
_IMO_PLAIN = re.compile(r"IMO(?:NO\.?|NUMBER|#)?[:.]?(\d{7})")


def vin_check_digit(vin: str) -> str:
    """The check digit (`0`-`9` or `X`) that position 9 of a 17-character VIN must hold."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def needs_check_digit(vin: str) -> bool:
    """Whether the VIN is North American (WMI 1-5), where the check digit is mandatory."""
    return vin[0] in _NORTH_AMERICA


def _is_vin_shaped(candidate: str) -> bool:
    # Seventeen digits is a number, seventeen letters a word; a VIN mixes both.
    return (
        _VIN_ALPHABET.fullmatch(candidate) is not None
        and not candidate.isdigit()
        and any(c.isdigit() for c in candidate)
    )


def _plate(raw: str) -> str | None:
    plate = raw.replace("-", "").replace(" ", "").upper()
    if 2 <= len(plate) <= 8 and plate.isalnum() and any(c.isdigit() for c in plate):
        return plate
    return None


def find(text: str) -> Iterator[IdentifierHit]:
    """Plates, VINs and IMO numbers in `text`."""
    for match in _PLATE_IN_TEXT.finditer(text):
        plate = _plate(match["plate"])
        if plate is None:
            continue
        state_name = match["state"] or match["state_after"]
        state = us_states.code(state_name) if state_name else None
        start = match.start("state") if match["state"] else match.start("plate")
        end = match.end() if match["state_after"] else match.end("plate")
        value = f"{state}:{plate}" if state else plate
        yield IdentifierHit(
            EntityKind.VEHICLE, start, end, text[start:end], value, specific=state is not None
        )
    for match in _VIN.finditer(text):
        vin = match.group()
        if _is_vin_shaped(vin):
            valid = not needs_check_digit(vin) or vin[8] == vin_check_digit(vin)
            yield IdentifierHit(EntityKind.VEHICLE, match.start(), match.end(), vin, vin, valid)
    for match in _IMO.finditer(text):
        number = match["number"]
        yield IdentifierHit(
            EntityKind.VEHICLE, match.start(), match.end(), match.group(), f"IMO{number}",
            imo.is_valid(number),
        )


def normalise(raw: str) -> str | None:
    """The value of one vehicle identifier, or None when `raw` is not one.

    Accepts a VIN, an IMO number (`IMO 9074729`), a plate with its state in any of the
    forms reports use (`TX:ABC1234`, `Texas plate ABC-1234`, `ABC1234 (TX)`) and a bare
    plate, which stays bare.
    """
    text = " ".join(raw.split()).upper()
    if _is_vin_shaped(vin := text.replace("-", "")):
        return vin
    if imo_match := _IMO_PLAIN.fullmatch(text.replace(" ", "")):
        return f"IMO{imo_match[1]}"
    for pattern in (_PLATE_IN_TEXT, _STATE_THEN_PLATE, _PLATE_THEN_STATE):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        plate = _plate(match["plate"])
        names = [match[g] for g in ("state", "state_after") if g in match.re.groupindex]
        state_name = next((name for name in names if name), None)
        state = us_states.code(state_name) if state_name else None
        if plate is not None:
            return f"{state}:{plate}" if state else plate
    return _plate(text)


# Over one span, a plate or VIN is the vehicle it names before any account or number.
VEHICLE = IdentifierType(
    "vehicle", EntityKind.VEHICLE, find, normalise, rank=1, held=True,
    example="Texas plate ABC-1234",
)
