"""Identifier finders and normalisers: phones, e-mails, IPs, domains, vehicles, wallets,
bank accounts (IBAN), documents, CVE ids.

Each family's module declares its `IdentifierType` (finder, normaliser, rank, whether
an agent holds it) and `TYPES` lists them: everything below is read from that one list.
Regular expressions (and `phonenumbers`' matcher) find candidates; each family's
normaliser decides whether a candidate is an identifier at all and what its normalised
value is. `find_identifiers` runs every family over a text and resolves overlaps; codes
that only look like identifiers (versions, CVSS vectors, hashes: `codes.masks`) are spans
no finder may read from. `normalise` gives the same value for one identifier typed on
its own, so a search for `(202) 555-0143` finds the mentions ingest stored as
`+12025550143`. The kinds of `TYPES` are exactly `graph_service.domain.IDENTIFIER_KINDS`
(a test holds them equal).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from graph_service.domain import EntityKind
from graph_service.domain.identifiers import (
    banks,
    codes,
    documents,
    emails,
    network,
    phones,
    vehicles,
    wallets,
)
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

__all__ = [
    "HELD_KINDS", "TYPES", "IdentifierHit", "IdentifierType", "Scan", "find_identifiers",
    "normalise", "scan", "service_line_key",
]

# In rank order (IdentifierType.rank), which is also scan order: of two equal hits of one
# kind the first found is kept. Of two types of one kind `normalise` takes the first that
# reads the value. Wallets come before IBANs: a base58 address with no lower case can take
# an IBAN's shape (`TR` and two digits: a Tron address) and must read as the address.
TYPES: tuple[IdentifierType, ...] = (
    codes.CVE, documents.DOCUMENT, vehicles.VEHICLE, wallets.WALLET, banks.IBAN, emails.EMAIL,
    network.IP_ADDRESS, network.DOMAIN, phones.PHONE,
)

HELD_KINDS = frozenset(type_.kind for type_ in TYPES if type_.held)
"""Kinds of identifier an agent can own or use: what a sentence can say someone OWNS."""

# Types of one kind share their rank (IdentifierType), so the kind of a hit gives it.
_RANK = {type_.kind: type_.rank for type_ in TYPES}
_BY_KIND = {kind: tuple(type_ for type_ in TYPES if type_.kind is kind) for kind in _RANK}


@dataclass(frozen=True, slots=True)
class Scan:
    """The identifiers of a text and the spans of codes that are none (`codes.masks`)."""

    hits: list[IdentifierHit]
    masks: list[tuple[int, int]]


def find_identifiers(text: str) -> list[IdentifierHit]:
    """Every identifier in `text`, sorted by start, no two overlapping (see `scan`)."""
    return scan(text).hits


def scan(text: str) -> Scan:
    """Every identifier in `text`, sorted by start, no two overlapping, and the masks.

    A hit that overlaps a mask is dropped: a version number is no phone, a hash no
    domain. Of overlapping hits the longest wins (an e-mail address over the domain
    inside it, a URL over the IP address in it); of equally long ones the more specific
    family.
    """
    masked = codes.masks(text)
    mask_starts = [start for start, _ in masked]
    candidates = sorted(
        (hit for type_ in TYPES for hit in type_.find(text)
         if hit.kind is EntityKind.VULNERABILITY or not _overlaps(masked, mask_starts, hit)),
        key=lambda hit: (hit.start - hit.end, _RANK[hit.kind], hit.start),
    )
    # The hits taken so far never overlap, so sorted by start their ends are sorted too
    # and a candidate need only be checked against its two neighbours.
    starts: list[int] = []
    taken: list[IdentifierHit] = []
    for hit in candidates:
        i = bisect_left(starts, hit.start)
        if i > 0 and taken[i - 1].end > hit.start:
            continue
        if i < len(taken) and taken[i].start < hit.end:
            continue
        starts.insert(i, hit.start)
        taken.insert(i, hit)
    return Scan(taken, masked)


def _overlaps(spans: list[tuple[int, int]], starts: list[int], hit: IdentifierHit) -> bool:
    """Whether `hit` overlaps one of `spans` (sorted, never overlapping one another)."""
    i = bisect_left(starts, hit.end)  # spans from i on start at or after the hit's end
    return i > 0 and spans[i - 1][1] > hit.start


def normalise(kind: EntityKind, raw: str) -> str | None:
    """The normalised value of one identifier of `kind`, as ingest stores it.

    None when `raw` is not an identifier of that kind, and for kinds that are names rather
    than identifiers (Person, Organization...), which have no identifier value.
    """
    for type_ in _BY_KIND.get(kind, ()):
        if (value := type_.normalise(raw)) is not None:
            return value
    return None


def service_line_key(key: str) -> bool:
    """Whether the entity `key` is a phone number anyone may call (`phones.service_line`)."""
    kind, _, value = key.partition(":")
    return kind == EntityKind.PHONE.value.lower() and phones.service_line(value)
