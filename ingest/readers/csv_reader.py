"""CSV reader: a header row naming the record fields, then one record per row.

Locations are physical line numbers ("line 5"), counting lines inside quoted fields, so
they match what an editor shows. A problem with the header (a required column missing,
a column named twice) rejects every row with the same message: the rows are not lost,
and fixing the header and replaying brings them all back. A ragged row (more or fewer
cells than the header) is rejected alone. Empty cells of optional columns mean "none".

A rejected row's `raw` is the header line plus the row's own lines: a small CSV document
that replays on its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .records import ReadResult
from .rejections import Rejection, decoded
from .schema import DEFAULT_MAX_TEXT_CHARS, REQUIRED_FIELDS, check_record


def read_csv(
    data: bytes, *, source: str, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> Iterator[ReadResult]:
    """Read CSV records (comma-separated, double-quoted, header required)."""
    text = decoded(data, source)
    if isinstance(text, Rejection):
        yield text
        return
    # The csv module refuses fields over a process-wide limit (128 KiB by default), which
    # would reject legal texts before the size check can name them. Only ever raise it.
    csv.field_size_limit(max(csv.field_size_limit(), max_text_chars + 1))
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines)
    header: list[str] | None = None
    header_text = ""
    header_problem: tuple[str, str] | None = None
    header_line, rows = 0, 0
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            if header_problem is not None and rows == 0:
                # No row to carry the header's problem: report it on the header itself,
                # so that a bad header is never a silent, empty job.
                yield Rejection(source, f"line {header_line}", *header_problem, header_text)
            return
        except csv.Error as exc:
            raw = header_text + "".join(lines[first - 1 : reader.line_num])
            yield Rejection(source, f"line {first}", None, f"malformed CSV: {exc}", raw)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        row_text = "".join(lines[first - 1 : reader.line_num])
        if header is None:
            header = [name.strip() for name in row]
            header_text = row_text if row_text.endswith(("\n", "\r")) else row_text + "\n"
            header_problem = _header_problem(header, first)
            header_line = first
            continue
        rows += 1
        location, raw = f"line {first}", header_text + row_text
        if header_problem is not None:
            yield Rejection(source, location, header_problem[0], header_problem[1], raw)
        elif len(row) != len(header):
            yield Rejection(
                source, location, None,
                f"row has {len(row)} cells but the header has {len(header)} "
                "(a stray delimiter or unbalanced quote?)", raw,
            )
        else:
            yield check_record(
                dict(zip(header, row, strict=True)), source=source, location=location,
                raw=raw, max_text_chars=max_text_chars,
            )


def _header_problem(header: list[str], line: int) -> tuple[str, str] | None:
    """(column, message) for a header no row can be read with, else None."""
    seen: set[str] = set()
    for name in header:
        if name in seen:
            return name, f"column {name!r} appears twice in the header (line {line})"
        seen.add(name)
    for name in REQUIRED_FIELDS:
        if name not in seen:
            return name, f"required column {name!r} is missing from the header (line {line})"
    return None
