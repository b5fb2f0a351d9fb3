"""JSON and JSON Lines readers.

JSON: one record object, or an array of them ("record N" locations, 1-based); a document
whose top-level `type` is "bundle" is a STIX bundle and goes to the STIX reader, and a
MISP event export (`{"Event": ...}`, a list of them, `{"response": [...]}`) to the MISP
reader.
JSONL: one object per line ("line N"); blank lines are skipped, and a broken line is one
rejection while the rest of the file still reads. Lines stream, so a JSONL file of any
size reads in constant memory.

A record that repeats a key is rejected: JSON parsers disagree on which copy wins, and a
second `marking` must never quietly override the first.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from .decoding import wide_codec
from .misp import is_misp, read_misp
from .records import FeedOptions, ReadResult
from .rejections import Rejection, decoded, json_error
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
        keys = [key for key, _ in pairs]
        obj.duplicates = tuple(dict.fromkeys(key for key in keys if keys.count(key) > 1))
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
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read a JSON document: one record, an array of records, or a STIX bundle (read with
    the operator's `feed` options)."""
    text = decoded(data, source)
    if isinstance(text, Rejection):
        yield text
        return
    if not text.strip():
        return
    try:
        document = loads(text)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, "file", None, f"invalid JSON: {json_error(exc)}", text)
        return
    if isinstance(document, dict) and document.get("type") == "bundle":
        yield from read_bundle(document, source=source, max_text_chars=max_text_chars,
                               feed=feed)
    elif is_misp(document):
        yield from read_misp(document, source=source, max_text_chars=max_text_chars, feed=feed)
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
    limit = max_text_chars * _BYTES_PER_TEXT_CHAR + _LINE_OVERHEAD_BYTES
    first = stream.readline(limit + 1)
    codec = wide_codec(first)
    if codec is not None:
        # A UTF-16/32 file has no byte-addressable lines: decode it whole.
        text = decoded(first + stream.read(), source)
        if isinstance(text, Rejection):
            yield text
            return
        for number, line_text in enumerate(text.split("\n"), start=1):
            yield from _check_line(line_text, number, source, max_text_chars)
        return
    # Byte offsets count the BOM, so they match what a hex editor shows.
    offset = len(codecs.BOM_UTF8) if first.startswith(codecs.BOM_UTF8) else 0
    first = first[offset:]
    for number, (line, size) in enumerate(_lines(stream, first, limit), start=1):
        location = f"line {number}"
        if size > limit:
            yield Rejection(
                source, location, None,
                f"line is {size:,} bytes, over the {limit:,}-byte limit that follows from "
                f"max_text_chars={max_text_chars:,}", line[:1024].decode("utf-8", "replace"),
            )
        else:
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Rejection(
                    source, location, None,
                    f"invalid UTF-8 at byte offset {offset + exc.start} "
                    f"(byte 0x{line[exc.start]:02X}); save the file as UTF-8",
                    line.decode("utf-8", "surrogateescape"),
                )
            else:
                yield from _check_line(text, number, source, max_text_chars)
        offset += size


def _lines(stream: IO[bytes], first: bytes, limit: int) -> Iterator[tuple[bytes, int]]:
    """Physical lines and their full byte sizes; a line over `limit` is cut, not held."""
    line = first
    while line:
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            while chunk := stream.readline(1 << 16):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
        yield line, size
        line = stream.readline(limit + 1)


def _check_line(line: str, number: int, source: str, max_text_chars: int) -> Iterator[ReadResult]:
    line = line.rstrip("\r\n")
    if not line.strip():
        return
    location = f"line {number}"
    try:
        obj = loads(line)
    except (ValueError, RecursionError) as exc:
        yield Rejection(source, location, None, f"invalid JSON: {json_error(exc)}", line)
        return
    yield check_object(
        obj, source=source, location=location, raw=line, max_text_chars=max_text_chars
    )


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
