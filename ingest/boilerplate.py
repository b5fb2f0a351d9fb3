"""Boilerplate: lines a source repeats on report after report, which nothing is read from.

Page headers and footers of OCR'd case files ("This document is the property of the FBI
and is loaned to your agency", a caveat OCR'd into name-like fragments such as "J. Crnn")
and the disclaimers at the foot of every advisory are extracted like any text: the same
fragments become Persons and Organizations in hundreds of reports, hubs that join
everything the source filed. A line that at least MIN_REPORTS reports of one agency carry
is boilerplate: it is blanked (spaces, so that every offset stays where it was) in the
text handed to extraction. The stored report keeps its text.

The reports counted are those of the same ingest chunk and those already stored: a source
that sends one report at a time repeats its header across chunks, never within one. For
that, the graph keeps the lines at each report's top and foot (`edge_lines`, where headers,
footers and disclaimers stand) as `(:Report)-[:CARRIES]->(:Line)`, written with the
report; lines in the middle of a report are compared within its chunk only. Like every
decision taken at write time, a report's lines are judged by the reports its readers may
see (`namesakes.may_cite`): a hidden report that repeats a line never changes what is
read from a report its readers see.

Only short lines of reports that have more than one line count: a report of one
paragraph is all content, and the same paragraph filed twice is a duplicate, not a
header.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from graph_service.domain import Report
from ingest.resolve.namesakes import Label, Run, may_cite

MIN_REPORTS = 3
MIN_CHARS = 12  # shorter lines ("Page 3", "Notes:") hold no names worth a rule
MAX_CHARS = 240
EDGE_LINES = 3
"""Lines kept in the graph from each end of a report."""
MAX_LABELS = 50
"""Labels read back per line: MIN_REPORTS of them that a reader may see are all it takes."""
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


def line_key(agency: str, line: str) -> str:
    """The graph's key of a line as `agency` writes it (spacing and digits aside)."""
    return hashlib.sha256(f"{agency}\n{_normal(line)}".encode()).hexdigest()[:32]


def edge_lines(report: Report) -> list[str]:
    """Keys of the lines at the top and the foot of `report`, as the graph keeps them."""
    lines = _lines(report.text)
    ends = lines if len(lines) <= 2 * EDGE_LINES else [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]]
    return sorted({line_key(report.agency, m.group()) for m in ends})


def repeated_lines(
    batch: Sequence[tuple[Report, Label]], run: Run | None = None
) -> list[set[str]]:
    """For each report of `batch` (with its label), the keys of its lines that at least
    MIN_REPORTS reports of its agency carry, counting itself, the others of the batch and,
    with `run` (a reader of the graph), the stored reports whose edge lines they are; only
    reports its readers may see count."""
    keyed = [{line_key(report.agency, m.group()) for m in _lines(report.text)} for report, _ in batch]
    carriers: dict[str, list[Label]] = defaultdict(list)
    for (_, label), keys in zip(batch, keyed, strict=True):
        for key in keys:
            carriers[key].append(label)
    stored: dict[str, list[tuple[Label, int]]] = defaultdict(list)
    wanted = sorted({k for report, _ in batch for k in edge_lines(report)})
    if run is not None and wanted:
        ids = sorted({report.id for report, _ in batch})
        for row in run("line_counts", {"keys": wanted, "exclude": ids, "limit": MAX_LABELS}):
            stored[str(row["key"])].append((tuple(row["vis"]), int(row["reports"])))

    def carried(key: str, label: Label) -> int:
        """Reports carrying line `key` that readers of `label` may see."""
        in_batch = sum(1 for other in carriers[key] if may_cite(other, label))
        return in_batch + sum(n for vis, n in stored.get(key, ()) if may_cite(vis, label))

    return [
        {key for key in keys if carried(key, label) >= MIN_REPORTS}
        for (_, label), keys in zip(batch, keyed, strict=True)
    ]


def blanked(report: Report, repeated: set[str]) -> str:
    """The report's text with the lines of `repeated` (keys) blanked."""
    if not repeated:
        return report.text
    text = report.text
    for match in _lines(text):
        if line_key(report.agency, match.group()) in repeated:
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def texts_without_boilerplate(
    reports: Iterable[tuple[Report, Label]], batch_size: int, run: Run | None = None
) -> Iterator[str]:
    """Each report's text for extraction, boilerplate blanked; read `batch_size` at a time
    (each with its label), stored reports counted when `run` reads the graph."""
    it = iter(reports)
    while batch := list(islice(it, batch_size)):
        repeated = repeated_lines(batch, run)
        yield from (blanked(report, lines) for (report, _), lines in zip(batch, repeated, strict=True))
