"""The record every identifier finder yields."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain import EntityKind


@dataclass(frozen=True, slots=True)
class IdentifierHit:
    """One identifier found in a text.

    `start`/`end` are character offsets into the text and `surface` is exactly
    `text[start:end]`. `value` is the normalised form, the one `normalise()` gives for
    the same kind (E.164 phone, lower-case e-mail, `TX:ABC1234`, upper-case VIN...).

    `valid` is False when the candidate has the identifier's shape but fails its
    checksum or numbering plan (a mistyped VIN, a Bitcoin address with a flipped
    character). `specific` is False when the value is well-formed but does not single
    out one thing on its own: a private or loopback IP address (every network has a
    192.168.1.1), a licence plate or passport number whose issuing state or country
    the text does not give. Either way the hit is kept for search but must never be
    used to merge entities across reports.
    """

    kind: EntityKind
    start: int
    end: int
    surface: str
    value: str
    valid: bool = True
    specific: bool = True
