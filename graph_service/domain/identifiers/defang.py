"""Defanged network indicators: `example[.]com`, `hxxp://`, `user[at]example.com`.

Threat reports write indicators defanged so that nothing turns them into live links.
The finders match both spellings; `refang` turns a matched surface back into the plain
form before the normaliser decides.
"""

from __future__ import annotations

import re

# A dot as written plainly or defanged ("example[.]com", "example (dot) com"); used
# inside the finders' patterns.
DOT = r"(?:\.|\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))\s?)"
# An at-sign as written plainly or defanged.
AT = r"(?:@|\s?(?:\[@\]|\(@\)|\[at\]|\(at\))\s?)"

_BRACKETED = re.compile(
    r"\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[@\]|\(@\)|\[at\]|\(at\)|\[:\])\s?", re.I
)
_REPLACEMENTS = {"[.]": ".", "(.)": ".", "{.}": ".", "[dot]": ".", "(dot)": ".",
                 "[@]": "@", "(@)": "@", "[at]": "@", "(at)": "@", "[:]": ":"}
_SCHEME = re.compile(r"^hxxp(?=s?(?::|\[:\])//)", re.I)


def is_defanged(surface: str) -> bool:
    """True when the surface uses any defanging notation."""
    return bool(_BRACKETED.search(surface)) or bool(_SCHEME.match(surface))


def refang(surface: str) -> str:
    """The plain form of a possibly defanged indicator."""
    plain = _BRACKETED.sub(lambda m: _REPLACEMENTS[m.group(0).strip().lower()], surface)
    return _SCHEME.sub("http", plain)
