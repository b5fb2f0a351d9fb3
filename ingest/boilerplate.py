"""Boilerplate: lines a source repeats on report after report, which nothing is read from.

Page headers and footers of OCR'd case files ("This document is the property of the FBI
and is loaned to your agency", a caveat OCR'd into name-like fragments such as "J. Crnn")
and the disclaimers at the foot of every advisory are extracted like any text: the same
fragments become Persons and Organizations in hundreds of reports, hubs that join
everything the source filed. A line that at least MIN_REPORTS reports of one agency in
the same ingest batch carry is boilerplate: it is blanked (spaces, so that every offset
stays where it was) in the text handed to extraction. The stored report keeps its text.

Only short lines of reports that have more than one line count: a report of one
paragraph is all content, and the same paragraph filed twice is a duplicate, not a
header.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from graph_service.domain import Report

MIN_REPORTS = 3
MIN_CHARS = 12  # shorter lines ("Page 3", "Notes:") hold no names worth a rule
MAX_CHARS = 240
_LINE = re.compile(r"[^\n]+")
_SPACES = re.compile(r"\s+")


def _lines(text: str) -> list[re.Match[str]]:
    """The lines of `text` that may be boilerplate; none when it has a single line."""
    if "\n" not in text.strip():
        return []
    return [m for m in _LINE.finditer(text) if MIN_CHARS <= len(m.group().strip()) <= MAX_CHARS]


def _normal(line: str) -> str:
    # OCR varies the spacing and digits of a header (page numbers): neither counts.
    return _SPACES.sub(" ", re.sub(r"\d+", "#", line)).strip().lower()


def repeated_lines(reports: Sequence[Report]) -> dict[str, set[str]]:
    """For each agency, the normalised lines that at least MIN_REPORTS of its reports carry."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for report in reports:
        for line in _lines(report.text):
            seen[(report.agency, _normal(line.group()))].add(report.id)
    found: dict[str, set[str]] = defaultdict(set)
    for (agency, normal), ids in seen.items():
        if len(ids) >= MIN_REPORTS:
            found[agency].add(normal)
    return found


def blanked(report: Report, repeated: dict[str, set[str]]) -> str:
    """The report's text with its agency's repeated lines blanked."""
    lines = repeated.get(report.agency)
    if not lines:
        return report.text
    text = report.text
    for match in _lines(text):
        if _normal(match.group()) in lines:
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def texts_without_boilerplate(reports: Iterable[Report], batch_size: int) -> Iterator[str]:
    """Each report's text for extraction, boilerplate blanked; read `batch_size` at a time."""
    it = iter(reports)
    while batch := list(islice(it, batch_size)):
        repeated = repeated_lines(batch)
        yield from (blanked(report, repeated) for report in batch)
