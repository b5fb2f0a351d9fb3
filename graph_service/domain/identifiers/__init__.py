"""Identifier finders and normalisers: phones, e-mails, IPs, domains, vehicles, wallets,
bank accounts (IBAN), documents, CVE ids.

Regular expressions (and `phonenumbers`' matcher) find candidates; each family's
normaliser decides whether a candidate is an identifier at all and what its normalised
value is. `find_identifiers` runs every family over a text and resolves overlaps; codes
that only look like identifiers (versions, CVSS vectors, hashes: `codes.masks`) are spans
no finder may read from. `normalise` gives the same value for one identifier typed on
its own, so a search for
`(202) 555-0143` finds the mentions ingest stored as `+12025550143`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
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

__all__ = ["IdentifierHit", "Scan", "find_identifiers", "normalise", "scan"]

_FINDERS: tuple[Callable[[str], Iterator[IdentifierHit]], ...] = (
    codes.find, documents.find, vehicles.find, wallets.find, banks.find, emails.find, network.find,
    phones.find,
)
# When two hits cover the same span, the more specific family wins: a number introduced
# as a passport is a passport, not a phone number that happens to have ten digits.
_RANK = {
    EntityKind.VULNERABILITY: -1,
    EntityKind.DOCUMENT: 0,
    EntityKind.VEHICLE: 1,
    EntityKind.ACCOUNT: 2,
    EntityKind.EMAIL: 3,
    EntityKind.IP_ADDRESS: 4,
    EntityKind.DOMAIN: 5,
    EntityKind.PHONE: 6,
}


def _account(raw: str) -> str | None:
    # Wallet and IBAN shapes never overlap: an IBAN starts with two capital letters.
    return wallets.normalise(raw) or banks.normalise(raw)


_NORMALISERS: dict[EntityKind, Callable[[str], str | None]] = {
    EntityKind.PHONE: phones.normalise,
    EntityKind.EMAIL: emails.normalise,
    EntityKind.IP_ADDRESS: network.normalise_ip,
    EntityKind.DOMAIN: network.normalise_domain,
    EntityKind.VEHICLE: vehicles.normalise,
    EntityKind.ACCOUNT: _account,
    EntityKind.DOCUMENT: documents.normalise,
    EntityKind.VULNERABILITY: codes.normalise,
}


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
        (hit for find in _FINDERS for hit in find(text)
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
    normaliser = _NORMALISERS.get(kind)
    return None if normaliser is None else normaliser(raw)
