"""IP addresses, domain names and URLs.

IP addresses are decided by `ipaddress`; addresses outside the global range (private,
loopback, link-local, documentation) are kept but marked not specific: the same
192.168.1.1 sits in every home network. Domains are decided against the Public Suffix
List snapshot bundled with `tldextract`, never a downloaded one, so a host must end in
a real public suffix and have a registrable label in front of it. A URL is a mention
of its host: a Domain, or an IpAddress when the host is an address. The two are two
identifier types (`IP_ADDRESS`, `DOMAIN`), each finding the URLs whose host is its own.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

import tldextract

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.defang import DOT, is_defanged, refang
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:{DOT}{_OCTET}){{3}}(?!\w|\.\d)")
# Loose on purpose: anything with two or more colons among hex digits is a candidate
# and `ipaddress` decides, which rejects clock times such as 10:30:00.
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4})?(?![\w:]|\.\d)",
    re.I,
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(
    rf"(?<![\w@.\-\]\)])(?:{_LABEL}{DOT})+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{2,59}})(?![\w\-])",
    re.I,
)
_URL = re.compile(r"\b(?:https?|hxxps?|s?ftp)(?::|\[:\])//[^\s<>\"'`]+", re.I)
# Punctuation that ends a sentence or closes a bracket rather than a URL.
_URL_TRAILER = ".,;:!?)]}'\""

# Suffixes that are also common file extensions: "invoice.zip", "README.md" and
# "setup.py" in a report are files, not hosts. A two-label candidate ending in one of
# these counts as a domain only when it is defanged or inside a URL. A search query is
# taken at its word: normalise_domain("invoice.zip") is a domain.
_FILE_SUFFIXES = frozenset(
    {"app", "cab", "cc", "md", "mov", "pl", "pm", "ps", "py", "rs", "sh", "so", "zip"}
)


@cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() pins tldextract to its bundled snapshot: no fetch, ever.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _decide_ip(raw: str) -> tuple[str, bool] | None:
    """(compressed address, is it global) or None when `raw` is no IP address."""
    try:
        address = ipaddress.ip_address(raw.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None
    return address.compressed, address.is_global


def _decide_domain(raw: str, *, marked: bool = False) -> str | None:
    """The normalised host name, or None when `raw` is not a registrable host.

    `marked` says the text itself marks `raw` as a host (a URL, a defanged name), which
    lets a name that looks like a file ("invoice.zip") count.
    """
    host = raw.strip().rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if len(host) > 253 or "." not in host:
        return None
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    if not marked and not parts.subdomain and parts.suffix in _FILE_SUFFIXES:
        return None
    if host.startswith("www.") and parts.subdomain:
        host = host[4:]
    return host


def find_ips(text: str) -> Iterator[IdentifierHit]:
    """IPv4 and IPv6 addresses in `text`, and URLs whose host is one."""
    for match in _IPV4.finditer(text):
        decided = _decide_ip(refang(match.group()))
        if decided is not None:
            yield _ip_hit(match.start(), match.end(), match.group(), decided)
    if text.count(":") >= 2:
        for match in _IPV6.finditer(text):
            decided = _decide_ip(match.group())
            if decided is not None and decided[0] != "::":  # "::" is punctuation in prose
                yield _ip_hit(match.start(), match.end(), match.group(), decided)
    yield from _urls(text, EntityKind.IP_ADDRESS)


def find_domains(text: str) -> Iterator[IdentifierHit]:
    """Domain names in `text`, and URLs whose host is one."""
    for match in _DOMAIN.finditer(text):
        surface = match.group()
        if _joined_sentences(surface):
            continue
        host = _decide_domain(refang(surface), marked=is_defanged(surface))
        if host is not None:
            yield IdentifierHit(EntityKind.DOMAIN, match.start(), match.end(), surface, host)
    yield from _urls(text, EntityKind.DOMAIN)


def _urls(text: str, kind: EntityKind) -> Iterator[IdentifierHit]:
    """The URLs in `text` whose host is of `kind` (an IpAddress or a Domain)."""
    for match in _URL.finditer(text):
        surface = match.group().rstrip(_URL_TRAILER)
        hit = _url_hit(match.start(), surface)
        if hit is not None and hit.kind is kind:
            yield hit


def _joined_sentences(surface: str) -> bool:
    """Whether a candidate is two sentences with no space after the full stop: "the
    config.In this case" is no host `config.in`. A lower-case word, a dot, then a
    capitalised one; hosts are written in one case (`example.com`, `EXAMPLE.COM`)."""
    head, _, last = surface.rpartition(".")
    return last[:1].isupper() and last[1:].islower() and head[-1:].islower()


def _ip_hit(start: int, end: int, surface: str, decided: tuple[str, bool]) -> IdentifierHit:
    value, is_global = decided
    return IdentifierHit(EntityKind.IP_ADDRESS, start, end, surface, value, specific=is_global)


def _url_hit(start: int, surface: str) -> IdentifierHit | None:
    try:
        host = urlsplit(refang(surface)).hostname
    except ValueError:  # e.g. an unbalanced "[" in the authority
        return None
    if not host:
        return None
    end = start + len(surface)
    address = _decide_ip(host)
    if address is not None:
        return _ip_hit(start, end, surface, address)
    domain = _decide_domain(host, marked=True)
    if domain is None:
        return None
    return IdentifierHit(EntityKind.DOMAIN, start, end, surface, domain)


def normalise_ip(raw: str) -> str | None:
    """The compressed form of one IPv4/IPv6 address, or None when `raw` is not one."""
    decided = _decide_ip(refang(raw.strip()).strip("[]"))
    return None if decided is None else decided[0]


def normalise_domain(raw: str) -> str | None:
    """The normalised host of a domain name or URL, or None when `raw` has no valid host.

    Lower-case, punycode for international names, no trailing dot, no leading `www.`.
    """
    plain = refang(raw.strip())
    if "://" in plain:
        try:
            host = urlsplit(plain).hostname
        except ValueError:
            return None
        return None if host is None else _decide_domain(host, marked=True)
    return _decide_domain(plain, marked=True)


IP_ADDRESS = IdentifierType(
    "ip", EntityKind.IP_ADDRESS, find_ips, normalise_ip, rank=4, held=True, example="2001:DB8::1"
)
DOMAIN = IdentifierType(
    "domain", EntityKind.DOMAIN, find_domains, normalise_domain, rank=5, held=True,
    example="www.Example.co.uk",
)
