"""Readers: the first ingest stage, files in, validated reports and precise rejections out.

    read_paths(["reports/", "*.jsonl", "-"])  ->  ReadRecord | Rejection, ...

Formats: JSON and JSONL (`jsonl`), CSV (`csv_reader`), text with front matter (`text`),
STIX 2.1 bundles (`stix`); the record format they share is documented in `schema`.
Invariants: a reader never raises on its input and never drops a record silently, so
each record of a file comes out as exactly one ReadRecord or one Rejection (a file that
cannot be read at all is one Rejection). Rejections can be stored and replayed after an
operator fixes them (`RejectedStore`).
"""

from .dispatch import read_bytes, read_path, read_paths, reader_for
from .ledger import FileAccount, Ledger
from .records import (
    FeedOptions,
    ReadRecord,
    ReadResult,
    Skipped,
    StructuredEntity,
    StructuredRelation,
)
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS, ReportRecord
from .store import RejectedStore

__all__ = [
    "DEFAULT_MAX_TEXT_CHARS",
    "FeedOptions",
    "FileAccount",
    "Ledger",
    "ReadRecord",
    "ReadResult",
    "RejectedStore",
    "Rejection",
    "ReportRecord",
    "Skipped",
    "StructuredEntity",
    "StructuredRelation",
    "read_bytes",
    "read_path",
    "read_paths",
    "reader_for",
]
