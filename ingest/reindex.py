"""Re-extraction of the reports already stored (`nexus reindex`): new rules, old reports.

Extraction and resolution rules change (layout, codes, phones, aliases...), and
a graph built before keeps what the old rules made of its reports: the junk entities, the
split aliases. Reindex reads every stored report back, page by page in id order, runs the
chain on it again (boilerplate, extraction, resolution) and writes it with the same
batched write as ingest, which replaces a report's mentions, relations and candidates
and keeps analysts' judgements. It is idempotent: a second run writes the same graph.

A stored report keeps its label (level and CNF clauses), not the banner it came with, so
it is resolved under that label; its content hash stays the one of its first ingest, so
that ingesting the original file again still finds it unchanged. Entities a structured
format stated outright (STIX objects, with no span in the text) are read back and stated
again. Entities that no report mentions any more stay as nodes with no evidence, which
no viewer can see (ARCHITECTURE.md §3). An id stored in several versions (under several
labels) is left as it is and counted unchanged: the operator's write of one version
would replace the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from graph_service.domain import EntityKind, Extraction, Report, Side
from graph_service.store import Store
from ingest.boilerplate import texts_without_boilerplate
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, retrying_reader, write_with_retry
from ingest.resolve import ResolvedReport, resolve, structured_mentions
from ingest.resolve.kinds import vote_kinds

PAGE = 200


@dataclass(frozen=True, slots=True)
class StoredReport(Report):
    """A report read back from the graph: its hash is the stored one (module docstring)."""

    stored_sha256: str = ""

    @property
    def sha256(self) -> str:
        """The content hash computed when the report was first ingested."""
        return self.stored_sha256


def _report(row: dict[str, Any]) -> StoredReport:
    return StoredReport(
        id=row["id"], agency=row["agency"], side=Side(row["side"]), marking="", area=row["area"],
        reported_at=datetime.fromisoformat(row["reported_at"]),
        event_at=datetime.fromisoformat(row["event_at"]) if row["event_at"] else None,
        title=row["title"], text=row["text"], stored_sha256=row["sha256"],
    )


def _resolved(row: dict[str, Any], report: StoredReport, extraction: Extraction) -> ResolvedReport:
    stated = structured_mentions((EntityKind(s["kind"]), s["surface"], s["value"]) for s in row["stated"])
    extraction = replace(extraction, mentions=extraction.mentions + tuple(stated))
    # Resolved under an unclassified stand-in banner, then given the stored label, which
    # is what every row written for the report carries.
    unlabelled = replace(report, marking="UNCLASSIFIED")
    resolved = resolve(unlabelled, extraction)
    return replace(resolved, report=report, level=int(row["level"]), vis=tuple(row["vis"]))


def reindex(
    store: Store, extractor: Extractor, *, page_size: int = PAGE,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Run extraction and resolution again over every stored report and write the results."""
    summary = IngestSummary()
    read = retrying_reader(store)  # a Neo4j outage is waited out, as the write is
    after = ""
    while page := store.read("report_page", {"after": after, "limit": page_size}):
        after = page[-1]["id"]
        rows = [row for row in page if row["versions"] == 1]
        summary.unchanged += len(page) - len(rows)
        if not rows:
            if on_progress:
                on_progress(len(page))
            continue
        reports = [_report(row) for row in rows]
        labelled = [(report, tuple(row["vis"])) for row, report in zip(rows, reports, strict=True)]
        texts = texts_without_boilerplate(labelled, page_size, read)
        extractions = extractor.extract_many(texts)
        voted = vote_kinds(
            [(report, label, ex) for (report, label), ex in zip(labelled, extractions, strict=True)],
            read,
        )
        batch = [_resolved(row, report, ex) for row, report, ex in zip(rows, reports, voted, strict=True)]
        summary.add(write_with_retry(store, batch))
        if on_progress:
            on_progress(len(page))
    return summary
