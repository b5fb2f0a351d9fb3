"""Bytes to text: UTF-8 (with or without BOM) unless a UTF-16/32 BOM says otherwise.

Undecodable bytes are never guessed into another code page (a cp1252 guess silently
corrupts names that resolution then matches on). They are kept as lone surrogates
(PEP 383 "surrogateescape"), so the record holding them is rejected with the field
and byte named, while the rest of the file reads normally.
"""

from __future__ import annotations

import codecs
import re

from ingest.errors import IngestError

# UTF-32 first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# surrogateescape maps an undecodable byte 0xNN to U+DCNN.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


class DecodeError(IngestError, ValueError):
    """A document that declares a UTF-16/32 BOM but does not decode as such."""


def wide_codec(head: bytes) -> str | None:
    """The codec a UTF-16/32 byte-order mark at the start of `head` declares, if any."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return codec
    return None


def decode(data: bytes) -> str:
    """Decode a whole document; undecodable UTF-8 bytes become lone surrogates."""
    codec = wide_codec(data)
    if codec is None:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "surrogateescape")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"file starts with a {codec.upper()} byte-order mark but is not valid "
            f"{codec.upper()} at byte offset {exc.start}"
        ) from exc


def unicode_problem(value: str) -> str | None:
    """Why `value` is not valid Unicode text (it holds a surrogate), or None if it is."""
    found = _SURROGATE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if code in _ESCAPED_BYTES:
        return (
            f"invalid UTF-8 byte 0x{code - 0xDC00:02X} at character {found.start()} "
            "(is the file in another encoding? save it as UTF-8)"
        )
    return f"unpaired surrogate U+{code:04X} at character {found.start()}"


def escape_surrogates(value: str) -> str:
    r"""`value` as valid Unicode: undecodable bytes shown as `\xNN`, other surrogates `\uNNNN`."""
    return _SURROGATE.sub(_escape_one, value)


def _escape_one(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"


# Control characters other than tab, line feed and carriage return (C0 and C1), and the
# two noncharacters XML also forbids: none is text, all break XML 1.0 exports.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` with each control character replaced by a space: a feed's stray U+0001 or
    U+000B never reaches an entity name, a search or an export, and the replacement keeps
    every character offset (mention spans) where it was."""
    return _CONTROL.sub(" ", value)
