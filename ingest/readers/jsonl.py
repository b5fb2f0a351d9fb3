"""JSON and JSON Lines readers.

JSON: one record object, or an array of them ("record N" locations, 1-based); a document
whose top-level `type` is "bundle" is a STIX bundle and goes to the STIX reader.
JSONL: one object per line ("line N"); blank lines are skipped, and a broken line is one
rejection while the rest of the file still reads. Lines stream, so a JSONL file of any
size reads in constant memory.

A record that repeats a key is rejected: JSON parsers disagree on which copy wins, and a
second `marking` must never quietly override the first.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any

from .decoding import DecodeError, decode, wide_codec
from .records import ReadResult
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS, check_record, json_type
from .stix import read_bundle

# Large enough for any record within max_text_chars even when every character is written
# as a 12-byte surrogate-pair escape; beyond it the line is refused without being held.
_BYTES_PER_TEXT_CHAR = 12
_LINE_OVERHEAD_BYTES = 1 << 20


class _Object(dict[str, Any]):
    """A decoded JSON object that remembers which of its keys were repeated."""

    duplicates: tuple[str, ...] = ()


def _object_hook(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(key for key, _ in pairs if key in seen or seen.add(key))
    return obj


def loads(text: str) -> Any:
    """Parse JSON, marking objects with repeated keys (see `_Object`)."""
    return json.loads(text, object_pairs_hook=_object_hook)


def check_object(
    obj: object, *, source: str, location: str, raw: str, max_text_chars: int,
) -> ReadResult:
    """Validate one decoded JSON value as a record."""
    if isinstance(obj, _Object) and obj.duplicates:
        field = obj.duplicates[0]
        return Rejection(source, location, field, "field appears more than once", raw)
    return check_record(
        obj, source=source, location=location, raw=raw, max_text_chars=max_text_chars
    )


def read_json(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> Iterator[ReadResult]:
    """Read a JSON document: one record, an array of records, or a STIX bundle."""
    try:
        text = decode(data)
    except DecodeError as exc:
        yield Rejection(source, "file", None, str(exc), "")
        return
    if not text.strip():
        return
    try:
        document = loads(text)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, "file", None, f"invalid JSON: {_json_error(exc)}", text)
        return
    if isinstance(document, dict) and document.get("type") == "bundle":
        yield from read_bundle(document, source=source, max_text_chars=max_text_chars)
    elif isinstance(document, list):
        for number, element in enumerate(document, start=1):
            yield check_object(
                element, source=source, location=f"record {number}",
                raw=_dump(element), max_text_chars=max_text_chars,
            )
    elif isinstance(document, dict):
        yield check_object(
            document, source=source, location="record 1", raw=text,
            max_text_chars=max_text_chars,
        )
    else:
        yield Rejection(
            source, "file", None,
            f"expected a JSON object or array of objects, got {json_type(document)}", text,
        )


def read_jsonl(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> Iterator[ReadResult]:
    """Read JSON Lines from bytes in memory."""
    yield from read_jsonl_stream(io.BytesIO(data), source=source, max_text_chars=max_text_chars)


def read_jsonl_stream(
    stream: IO[bytes], *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> Iterator[ReadResult]:
    """Read JSON Lines from a binary stream (a file or stdin), one record per line."""
    head = stream.read(4)
    codec = wide_codec(head)
    if codec is not None:
        # A UTF-16/32 file has no byte-addressable lines: decode it whole.
        try:
            text = decode(head + stream.read())
        except DecodeError as exc:
            yield Rejection(source, "file", None, str(exc), "")
            return
        for number, line in enumerate(text.splitlines(), start=1):
            yield from _check_line(line, number, source, max_text_chars)
        return
    limit = max_text_chars * _BYTES_PER_TEXT_CHAR + _LINE_OVERHEAD_BYTES
    offset = 0
    for number, line in enumerate(_lines(head, stream, limit), start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > limit:
            yield Rejection(
                source, f"line {number}", None,
                f"line is over {limit:,} bytes; text is limited to {max_text_chars:,} "
                "characters (max_text_chars)", line[:1024].decode("utf-8", "replace"),
            )
        else:
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Rejection(
                    source, f"line {number}", None,
                    f"invalid UTF-8 at byte offset {offset + exc.start} "
                    f"(byte 0x{line[exc.start]:02X}); save the file as UTF-8",
                    line.decode("utf-8", "surrogateescape"),
                )
            else:
                yield from _check_line(text, number, source, max_text_chars)
        offset += len(line)


def _lines(head: bytes, stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """Physical lines with their terminators; a line over `limit` is cut at limit + 1."""
    pending = head
    while True:
        if b"\n" not in pending:
            pending += stream.readline(limit + 1)
        newline = pending.find(b"\n")
        if newline >= 0:
            yield pending[: newline + 1]
            pending = pending[newline + 1 :]
        elif not pending:
            return
        elif len(pending) > limit:
            yield pending
            _skip_rest_of_line(stream)
            pending = b""
        else:
            more = stream.readline(limit + 1)
            if not more:
                yield pending
                return
            pending += more


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(1 << 16)
        if not chunk or chunk.endswith(b"\n"):
            return


def _check_line(line: str, number: int, source: str, max_text_chars: int) -> Iterator[ReadResult]:
    if not line.strip():
        return
    location = f"line {number}"
    try:
        obj = loads(line)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, location, None, f"invalid JSON: {_json_error(exc)}", line)
        return
    yield check_object(
        obj, source=source, location=location, raw=line.rstrip("\r\n"),
        max_text_chars=max_text_chars,
    )


def _json_error(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
