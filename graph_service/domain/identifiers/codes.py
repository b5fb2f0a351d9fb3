"""Codes of security advisories: CVE ids, and the strings that only look like identifiers.

Advisories are full of codes that the other finders and the statistical NER misread: a
software version "prior to 11.2.4401.73" parses as a US phone number, "CVE-2021-44108"
becomes the place "CVE-2021", a CVSS vector or a file hash reads as anything. So:

- a CVE id is an identifier of its own (a Vulnerability, value upper case): the one code
  that names the same thing in every report that quotes it;
- CWE ids, CVSS vectors, advisory ids (ICS-CERT, CISA, GitHub, vendor bulletins), software
  versions, dates written with slashes and hex digests are *masks*: spans in which no
  identifier is looked for and that the statistical NER must leave alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

_CVE = re.compile(r"(?<![\w-])CVE[-‐‑–\s]?(?P<year>(?:19|20)\d{2})[-‐‑–\s]?(?P<number>\d{4,7})(?!\d)", re.I)

_MASKS = re.compile(
    "|".join((
        r"(?<![\w-])CWE-\d{1,4}(?!\d)",
        # "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", or the vector without its prefix.
        r"(?:CVSS:\d\.\d/)?AV:[NALP]/AC:[LH](?:/[A-Za-z]{1,3}:[A-Za-z]{1,2})*",
        r"(?<![\w-])CVSS(?:\s?v\d(?:\.\d)?)?",
        # Advisory ids: ICSA-23-353-01, ICSMA-21-082-01, AA23-335A, TA18-074A, GHSA-xxxx-xxxx-xxxx,
        # MS17-010, RHSA-2021:1234, DSA-5012-1, USN-5192-1, VU#123456, KB5005565.
        r"(?<![\w-])(?:ICSA|ICSMA|ICSA?)-\d{2}-\d{3}-\d{2}[A-Z]?(?![\w-])",
        r"(?<![\w-])(?:AA|TA|AR|MAR)\d{2}-\d{3}[A-Z]?(?:\.v\d)?(?![\w-])",
        r"(?<![\w-])GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}(?![\w-])",
        r"(?<![\w-])(?:MS\d{2}-\d{3}|RHSA-\d{4}:\d{3,5}|DSA-\d{3,5}-\d|USN-\d{3,5}-\d{1,2}|"
        r"(?:JVN)?VU#\d{5,8}|KB\d{6,7})(?![\w-])",
        # Versions: three or more dotted numbers ("11.2.4401.73", "5.4.1"); two after a "v"
        # ("v2.3"). A dotted quad of octets is an IP address unless a version word comes first.
        r"(?i:\b(?:version|versions|ver\.?|release|build|firmware|prior\s+to|before|through|"
        r"up\s+to)\s+)v?\d+(?:\.\d+){1,5}[a-z]?\b",
        r"(?<![\w.])v\d+(?:\.\d+){1,5}\b",
        r"(?<![\w.\])])\d+\.\d+\.\d+(?:\.\d+){0,3}(?![\w.\[(]|\.\d)",
        # Dates with slashes or dots, as OCR leaves them: "11/04/ 19", "2019/11/04".
        r"(?<![\w/])\d{1,4}\s?/\s?\d{1,2}\s?/\s?\d{2,4}(?![\w/])",
    ))
)
# MD5, SHA-1 and SHA-256 digests: hex with both digits and letters (a run of digits alone
# is a number, of letters alone a word).
_DIGEST = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)"
    r"(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9A-Za-z])"
)
_DOTTED_PHONE = re.compile(r"\d{3}\.\d{3}\.\d{4}")  # 202.555.0143: how many write a US number
_OCTETS = re.compile(r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}")


def find(text: str) -> Iterator[IdentifierHit]:
    """CVE ids in `text`; the value is `CVE-<year>-<number>`."""
    for match in _CVE.finditer(text):
        value = f"CVE-{match['year']}-{match['number']}"
        yield IdentifierHit(EntityKind.VULNERABILITY, match.start(), match.end(), match.group(), value)


def masks(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that hold a code no identifier may be read from (module docstring)."""
    found = [
        match.span() for match in _MASKS.finditer(text)
        # A dotted quad with no version word before it is an IP address.
        if not (_OCTETS.fullmatch(match.group()) or _DOTTED_PHONE.fullmatch(match.group()))
    ]
    if digests := [match.span() for match in _DIGEST.finditer(text)]:
        found = sorted(found + digests)  # a digest has no dots, slashes or colons: no overlap
    return found


def normalise(raw: str) -> str | None:
    """`CVE-<year>-<number>` for one CVE id however written, or None."""
    match = _CVE.fullmatch(raw.strip())
    return None if match is None else f"CVE-{match['year']}-{match['number']}"


# Nobody holds a vulnerability: no sentence makes one the thing someone OWNS.
CVE = IdentifierType(
    "cve", EntityKind.VULNERABILITY, find, normalise, rank=-1, held=False,
    example="cve 2021 44228",
)
