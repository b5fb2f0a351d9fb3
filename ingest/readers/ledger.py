"""Per-file accounts of what a read yielded: records by object type, rejections, skips.

    ledger = Ledger()
    results = ledger.watch(read_paths(paths, feed=ledger.feed(default_marking)))

A partner's file holds objects of many types; each becomes a record, a rejection or a
skip with a reason (the readers' invariant), and the ledger counts all three per file so
that the operator sees every object accounted for. A file that yielded no record at all
is `empty`: the command line warns about it and exits non-zero instead of a silent 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .records import FeedOptions, ReadRecord, ReadResult, Skipped


@dataclass
class FileAccount:
    """One file's objects: records by object type, rejections, skips by (type, reason),
    and how many records took the feed's default marking."""

    records: Counter[str] = field(default_factory=Counter)
    rejected: int = 0
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    defaulted: int = 0

    @property
    def objects(self) -> int:
        """Every object the file held that the readers identified."""
        return self.records.total() + self.rejected + self.skipped.total()


@dataclass
class Ledger:
    """The accounts of every file read, in the order first seen."""

    files: dict[str, FileAccount] = field(default_factory=dict)

    def account(self, source: str) -> FileAccount:
        """The account of `source`, opened on first use."""
        return self.files.setdefault(source, FileAccount())

    def watch(self, results: Iterable[ReadResult]) -> Iterator[ReadResult]:
        """Pass `results` through, counting each under its file."""
        for result in results:
            account = self.account(result.source)
            if isinstance(result, ReadRecord):
                account.records[result.object_type] += 1
            else:
                account.rejected += 1
            yield result

    def open(self, source: str) -> None:
        """Open the account of a file about to be read, so that an empty one shows."""
        self.account(source)

    def skip(self, skipped: Skipped) -> None:
        """Count an object that became no record."""
        self.account(skipped.source).skipped[skipped.object_type, skipped.reason] += 1

    def defaulted(self, record: ReadRecord) -> None:
        """Count a record that took the feed's default marking."""
        self.account(record.source).defaulted += 1

    def feed(self, default_marking: str | None) -> FeedOptions:
        """Feed options that report skips and defaults to this ledger."""
        return FeedOptions(default_marking, on_open=self.open, on_skip=self.skip,
                           on_default=self.defaulted)

    def empty(self) -> list[str]:
        """Files that yielded no record at all."""
        return [source for source, account in self.files.items() if not account.records]
