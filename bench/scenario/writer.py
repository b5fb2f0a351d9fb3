"""Streaming writers for a scenario directory.

JSON Lines are written one record at a time with a fixed key order and fixed
separators, and hashed as they are written, so a corpus of any size is produced in
constant memory and the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

_BUFFER = 1 << 20


def dumps(record: Any) -> str:
    """One canonical JSON line (without the newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class JsonLines:
    """An append-only JSON Lines file that hashes what it writes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.count = 0
        self._sha = hashlib.sha256()
        self._file: BinaryIO = path.open("wb", buffering=_BUFFER)

    def write(self, record: Any) -> None:
        """Append one record."""
        data = (dumps(record) + "\n").encode("utf-8")
        self._sha.update(data)
        self._file.write(data)
        self.count += 1

    @property
    def sha256(self) -> str:
        """Hex digest of everything written so far."""
        return self._sha.hexdigest()

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()

    def __enter__(self) -> JsonLines:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    """Write a small JSON Lines file in one go; returns its sha256."""
    with JsonLines(path) as out:
        for record in records:
            out.write(record)
        return out.sha256


def write_json(path: Path, document: Any) -> str:
    """Write a pretty-printed JSON document; returns its sha256."""
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()
