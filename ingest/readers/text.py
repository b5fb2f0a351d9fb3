"""Plain-text reader: one report per file, metadata in front matter, the body is the text.

    ---
    id: FBI-2024-0042
    agency: FBI Norfolk
    side: LE
    marking: UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE
    reported_at: 2024-05-01T14:30:00-04:00
    title: Surveillance of the Elm St substation
    ---
    Body text, kept exactly as written...

Front matter is `key: value` per line (the value is everything after the first colon,
stripped, with one pair of matching surrounding quotes removed); blank lines and lines
starting with `#` are skipped. It is not YAML: a value is always a plain string. A field
error points at the line of its key; body errors at the first body line.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from .records import ReadRecord, ReadResult
from .rejections import Rejection, decoded
from .schema import DEFAULT_MAX_TEXT_CHARS, RecordError, parse_report

_DELIMITER = "---"
_QUOTES = ('"', "'")


def read_text(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> Iterator[ReadResult]:
    """Read one front-matter text file as one record."""
    text = decoded(data, source)
    if isinstance(text, Rejection):
        yield text
        return
    if not text.strip():
        return
    yield _read(text, source, max_text_chars)


def _read(document: str, source: str, max_text_chars: int) -> ReadResult:
    lines = list(io.StringIO(document, newline=""))
    if lines[0].strip() != _DELIMITER:
        return Rejection(
            source, "line 1", None,
            f"no front matter: the file must start with a {_DELIMITER!r} line, then "
            f"'key: value' lines, then {_DELIMITER!r}", document,
        )
    fields: dict[str, str] = {}
    lines_of: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        entry = line.strip()
        if entry == _DELIMITER:
            body = "".join(lines[number:])
            fields["text"] = body
            lines_of["text"] = number + 1
            return _check(fields, lines_of, source, document, max_text_chars)
        if not entry or entry.startswith("#"):
            continue
        key, colon, value = entry.partition(":")
        key = key.strip()
        location = f"line {number}"
        if not colon or not key:
            return Rejection(source, location, None, f"expected 'key: value', got {entry!r}",
                             document)
        if key in fields:
            return Rejection(source, location, key, "field appears more than once", document)
        if key == "text":
            return Rejection(source, location, key,
                             "the body after the front matter is the text; remove this key",
                             document)
        fields[key] = _unquote(value.strip())
        lines_of[key] = number
    return Rejection(
        source, "line 1", None,
        f"front matter opened on line 1 is never closed with a {_DELIMITER!r} line", document,
    )


def _check(
    fields: dict[str, str], lines_of: dict[str, int], source: str, document: str,
    max_text_chars: int,
) -> ReadResult:
    try:
        report = parse_report(fields, max_text_chars=max_text_chars)
    except RecordError as exc:
        # A missing field has no line of its own: point at the front matter's start.
        line = lines_of.get(exc.field or "", 1)
        return Rejection(source, f"line {line}", exc.field, exc.message, document)
    return ReadRecord(report, source=source, location="line 1")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in _QUOTES:
        return value[1:-1]
    return value
