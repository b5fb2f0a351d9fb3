"""Rejected records: what was wrong, where, and the raw text to fix and replay.

A rejection is a value, not an exception: readers yield it in place of the record and go
on with the rest of the file, so one bad record never costs the good ones around it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from .decoding import DecodeError, decode, escape_surrogates

# Enough to see and fix any sane record; a multi-megabyte blob is cut so that the
# rejected store stays readable (the message still names the full size).
RAW_LIMIT_CHARS = 64 * 1024
# Room for the note that says how much was cut, so a cut raw is within the limit and a
# stored rejection loads back unchanged.
_NOTE_ROOM = 64


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that failed to read or validate.

    `source` is the file path (or "-" for stdin), `location` where in it the record sits
    ("line 12", "record 3", "object report--..."), `field` the offending field when one
    can be named, and `raw` the record's text as read, cut to at most RAW_LIMIT_CHARS.
    Every text is valid Unicode (undecodable input bytes appear as `\\xNN`), so a
    rejection can always be logged, stored and shown.
    """

    source: str
    location: str
    field: str | None
    message: str
    raw: str

    def __post_init__(self) -> None:
        # Frozen: normalise in place once, at construction.
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                object.__setattr__(self, item.name, escape_surrogates(value))
        if len(self.raw) > RAW_LIMIT_CHARS:
            keep = RAW_LIMIT_CHARS - _NOTE_ROOM
            cut = len(self.raw) - keep
            clipped = f"{self.raw[:keep]} [... {cut:,} more characters cut]"
            object.__setattr__(self, "raw", clipped)

    def __str__(self) -> str:
        where = self.location.removeprefix("line ")
        what = f"field {self.field!r}: " if self.field is not None else ""
        return f"{self.source}:{where}: {what}{self.message}"


def decoded(data: bytes, source: str) -> str | Rejection:
    """A whole document's text, or the rejection of the file that cannot be decoded (every
    reader starts here, so a bad file is told alike whatever its format)."""
    try:
        return decode(data)
    except DecodeError as exc:
        return Rejection(source, "file", None, str(exc), "")


def json_error(exc: ValueError | RecursionError) -> str:
    """What is wrong with a JSON text, and where, in a partner's words."""
    if isinstance(exc, json.JSONDecodeError):
        line = "" if exc.lineno == 1 else f"line {exc.lineno} "
        return f"{exc.msg} at {line}column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)
