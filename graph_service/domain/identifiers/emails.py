"""E-mail addresses, normalised to lower case.

Mailbox names are case-insensitive in practice (every major provider folds them), so
`Ali.Hassan@Example.COM` and `ali.hassan@example.com` are one address. An address whose
domain has no public suffix (`ops@server.corp`) is kept but marked invalid: it names a
mailbox on some private network, not one on the internet. A tilde in the mailbox name is
taken for what OCR makes of a smudge (`~jsmith@example.com`, `j~smith@example.com`): it
is left out of the surface at the start and out of the value everywhere, so the scanned
copy of an address meets the typed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.defang import AT, DOT, refang
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.network import normalise_domain
from graph_service.domain.identifiers.types import IdentifierType

_LOCAL = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_HOST = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.!#$%&'*+/=?^`{{|}}~-]){_LOCAL}{AT}(?:{_HOST}{DOT})+[a-z]{{2,63}}(?![\w-])",
    re.I,
)
_PLAIN = re.compile(rf"^{_LOCAL}@(?:{_HOST}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{2,59}})$")
_SPACES = re.compile(r"\s+")


def _decide(raw: str) -> tuple[str, bool] | None:
    """(lower-case address, has a public suffix) or None when `raw` is no address."""
    address = _SPACES.sub("", refang(raw.strip())).lower().replace("~", "")
    if address.startswith("mailto:"):
        address = address[len("mailto:") :]
    if not _PLAIN.match(address):
        return None
    local, _, host = address.rpartition("@")
    if len(local) > 64 or len(address) > 254:
        return None
    return address, normalise_domain(host) is not None


def find(text: str) -> Iterator[IdentifierHit]:
    """E-mail addresses in `text`, plain or defanged (`ali[at]example[.]com`)."""
    if "@" not in text and "[" not in text and "(" not in text:
        return  # neither a plain nor a defanged at-sign: skip the regex
    for match in _EMAIL.finditer(text):
        decided = _decide(match.group())
        if decided is not None:
            value, valid = decided
            start = match.start() + len(match.group()) - len(match.group().lstrip("~"))
            yield IdentifierHit(EntityKind.EMAIL, start, match.end(), text[start:match.end()], value, valid)


def normalise(raw: str) -> str | None:
    """The lower-case form of one e-mail address, or None when `raw` is not one."""
    decided = _decide(raw)
    return None if decided is None else decided[0]


EMAIL = IdentifierType(
    "email", EntityKind.EMAIL, find, normalise, rank=3, held=True, example="Ali.Hassan@Example.COM"
)
