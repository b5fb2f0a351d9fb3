"""Choose a reader by file name and expand command-line paths into files.

Extensions: `.json` (a STIX bundle when its top-level `type` is "bundle"), `.stix.json`,
`.jsonl` / `.ndjson`, `.csv`, `.txt` / `.md`; any case. Folders are read recursively
(top-down, names sorted), taking files with those extensions and skipping hidden files and folders
(`.git`, `.DS_Store`); a file named outright with another extension is a rejection, not
a silent skip. Nothing here raises on bad input: a missing file, an unreadable one or a
glob that matches nothing is a Rejection like any other.
"""

from __future__ import annotations

import glob
import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path, PurePath
from typing import Protocol

from .csv_reader import read_csv
from .jsonl import read_json, read_jsonl, read_jsonl_stream
from .records import FeedOptions, ReadResult
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS
from .stix import read_stix
from .text import read_text


class Reader(Protocol):
    """What every format module offers: bytes in, records and rejections out, no raising."""

    def __call__(
        self, data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    ) -> Iterator[ReadResult]: ...


READERS: dict[str, Reader] = {
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".txt": read_text,
    ".md": read_text,
}
STDIN = "-"
_GLOB_MAGIC = re.compile(r"[*?[]")


def reader_for(name: str, feed: FeedOptions | None = None) -> Reader | None:
    """The reader for a file name (or STDIN), or None if its type is not supported.

    `feed` is what the operator stated for partners' formats (a default marking) and
    where their skipped objects are told; our own formats need neither.
    """
    lower = name.lower()
    if name == STDIN:
        return read_jsonl
    if lower.endswith(".stix.json"):
        return partial(read_stix, feed=feed)
    if lower.endswith(".json"):
        return partial(read_json, feed=feed)
    return READERS.get(PurePath(lower).suffix)


def read_bytes(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read content as if it were the file `source` (chooses the reader by its name)."""
    reader = reader_for(source, feed)
    if reader is None:
        yield _unsupported(source)
        return
    yield from reader(data, source=source, max_text_chars=max_text_chars)


def read_path(
    path: Path, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS, feed: FeedOptions | None = None
) -> Iterator[ReadResult]:
    """Read one file: a ReadRecord per good record, a Rejection per bad one; never raises."""
    source = str(path)
    if feed is not None:
        feed.on_open(source)
    reader = reader_for(path.name, feed)
    if reader is None:
        yield _unsupported(source)
        return
    try:
        if reader is read_jsonl:
            with path.open("rb") as stream:  # JSONL streams: files may be any size
                yield from read_jsonl_stream(stream, source=source, max_text_chars=max_text_chars)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, "file", None, f"cannot read: {exc.strerror or exc}", "")
        return
    yield from reader(data, source=source, max_text_chars=max_text_chars)


def read_paths(
    paths: Iterable[str], *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    feed: FeedOptions | None = None,
) -> Iterator[ReadResult]:
    """Read files, folders (recursively), globs and "-" (JSONL on stdin), in order.

    A file reached twice (named and inside a named folder) is read once.
    """
    seen: set[Path] = set()
    for argument in paths:
        if argument == STDIN:
            yield from read_jsonl_stream(
                sys.stdin.buffer, source=STDIN, max_text_chars=max_text_chars
            )
            continue
        for found in _expand(argument):
            if isinstance(found, Rejection):
                yield found
                continue
            resolved = found.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield from read_path(found, max_text_chars=max_text_chars, feed=feed)


def _expand(argument: str) -> Iterator[Path | Rejection]:
    path = Path(argument)
    if path.is_dir():
        yield from _folder(path)
    elif path.exists():
        yield path
    elif _GLOB_MAGIC.search(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        files = [
            file for match in map(Path, matches)
            for file in (_folder(match) if match.is_dir() else [match])
            if reader_for(file.name) is not None
        ]
        if not files:
            yield Rejection(argument, "file", None, "the pattern matches no readable files", "")
        yield from files
    else:
        yield Rejection(argument, "file", None, "no such file or folder", "")


def _folder(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):  # does not follow symlinked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += (
            Path(root, name) for name in sorted(names)
            if not name.startswith(".") and reader_for(name) is not None
        )
    return files


def _unsupported(source: str) -> Rejection:
    kinds = ", ".join([".stix.json", *READERS])
    suffix = PurePath(source).suffix or "(none)"
    return Rejection(source, "file", None, f"unsupported file type {suffix}; expected {kinds}",
                     "")
