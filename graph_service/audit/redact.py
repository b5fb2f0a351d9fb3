"""Credentials never reach the audit log: redacted by name and by shape, in every field.

Anyone who may read the audit (auditors, an export, a backup) could otherwise act as the
principal whose key a client put in a query string, a path or a note. So before a record
is chained, every value under a name that says "credential" (`api_key`, `password`,
`secret`, `token`, `authorization`...) is replaced whole, and every string anywhere is
scrubbed of what looks like one whatever its name: a Nexus API key (`nxs_...`), a bearer
credential (`Bearer ...`), a JSON Web Token (three base64url parts, the first `eyJ`).
The replacement says what was there and where, never any character of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["REDACTED", "redact", "scrub"]

REDACTED = "[redacted]"
_NAMES = re.compile(r"(api[_-]?key|apikey|password|passwd|secret|token|authorization|credential)", re.I)
_SHAPES = re.compile(
    r"nxs_[A-Za-z0-9_\-]+"  # a Nexus API key: nxs_<keyid>_<secret>
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/\-]{16,}=*"  # an Authorization header value
    r"|eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"  # a JWT
)


def scrub(text: str) -> str:
    """`text` with every credential-shaped run replaced by REDACTED."""
    return _SHAPES.sub(REDACTED, text)


def redact(value: Any, name: str = "") -> Any:
    """`value` (JSON-like) with credentials removed: whole values under credential names,
    credential-shaped runs in every string (keys of mappings included)."""
    if name and _NAMES.search(name) and value is not None:
        return REDACTED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {scrub(str(k)): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, name) for v in value]
    return value
