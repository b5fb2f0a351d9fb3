"""Rejected records on disk, one JSONL file per ingest job, and their replay.

Each line of `<directory>/<job-id>.jsonl` is one rejection:
`{"source", "location", "field", "message", "raw"}`. An operator fixes a record by
editing its `raw` (the record as read: a JSONL line, a JSON object, a CSV header plus
row, a whole text file, a STIX bundle excerpt holding the report and what it refers to)
and replays the file. `replay` reads each `raw` with the reader that the original
source's name selects, so a fixed record takes exactly the path a fresh one takes, and
reports it under its original source and location. An entry with an empty `raw` (the
file could not be read at all) replays by reading its source file again.

One writer per job file: appends from several processes to one job may interleave.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from .dispatch import read_bytes, read_path
from .records import ReadRecord, ReadResult
from .rejections import Rejection
from .schema import DEFAULT_MAX_TEXT_CHARS, json_type

DEFAULT_DIRECTORY = Path("var/rejected")
# Job ids become file names: no separators, no dot-dot, nothing a shell would mangle.
_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_SUFFIX = ".jsonl"


class RejectedStore:
    """Append-only JSONL files of rejections under `directory`, one per ingest job.

    A store is opened for one job (`job_id`, a fresh time-ordered id by default), and can
    still read and replay any job's file. The file appears with the first rejection.
    """

    def __init__(self, directory: Path = DEFAULT_DIRECTORY, job_id: str | None = None) -> None:
        self.directory = directory
        self.job_id = job_id if job_id is not None else _new_job_id()
        self.path(self.job_id)  # validates it

    def path(self, job_id: str | None = None) -> Path:
        """The file of a job (this store's by default); ValueError for an unsafe job id."""
        job_id = self.job_id if job_id is None else job_id
        if not _JOB_ID.fullmatch(job_id) or ".." in job_id:
            raise ValueError(f"invalid job id {job_id!r}: use letters, digits, '.', '_', '-'")
        return self.directory / f"{job_id}{_SUFFIX}"

    def add(self, rejection: Rejection) -> None:
        """Append one rejection to this job's file (fits `on_rejection` callbacks)."""
        self.extend([rejection])

    def extend(self, rejections: Iterable[Rejection]) -> int:
        """Append rejections to this job's file; returns how many were written."""
        path = self.path()
        lines = [json.dumps(dataclasses.asdict(r), ensure_ascii=False) + "\n" for r in rejections]
        if lines:
            # Private, like the audit log and the principals file: a rejected record is a
            # report, which only the service and its operator may read.
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.writelines(lines)
        return len(lines)

    def jobs(self) -> list[str]:
        """Ids of the jobs that have stored rejections, oldest first for default ids."""
        if not self.directory.is_dir():
            return []
        return sorted(path.stem for path in self.directory.glob(f"*{_SUFFIX}"))

    def rejections(self, job_id: str | None = None) -> Iterator[Rejection]:
        """A job's stored rejections, in order (a damaged line is itself a Rejection)."""
        path = self.path(job_id)
        if path.exists():
            yield from (rejection for rejection, _ in _entries(path))

    def replay(
        self, path: Path | None = None, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    ) -> Iterator[ReadResult]:
        """Re-read every record of a (possibly hand-edited) rejections file.

        `path` defaults to this job's file. Fixed records come back as ReadRecords, the
        rest as Rejections, each under its original source and location.
        """
        for entry, stored in _entries(self.path() if path is None else path):
            if not stored:
                yield entry  # the store file itself is damaged at this line
            elif not entry.raw:
                yield from read_path(Path(entry.source), max_text_chars=max_text_chars)
            else:
                results = list(read_bytes(
                    entry.raw.encode("utf-8"), source=entry.source, max_text_chars=max_text_chars
                ))
                # A STIX excerpt holds the rejected object and the objects it needs, which
                # were read on their own already: only the rejected object's result counts.
                own = [result for result in results if result.location == entry.location]
                yield from (_relocated(result, entry) for result in own or results)


def _new_job_id() -> str:
    # Time first, so that job files list in the order the jobs ran.
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}Z-{secrets.token_hex(4)}"


def _entries(path: Path) -> Iterator[tuple[Rejection, bool]]:
    """Each stored rejection with True; a line that is not one as a Rejection of it, False."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, "file", None, f"cannot read: {exc.strerror or exc}", ""), False
        return
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        text = line.decode("utf-8", "surrogateescape")
        try:
            entry = json.loads(text)
        except (ValueError, RecursionError) as exc:
            message = f"not a stored rejection: {exc}"
            yield Rejection(source, f"line {number}", None, message, text), False
            continue
        problem = _entry_problem(entry)
        if problem is not None:
            yield Rejection(source, f"line {number}", None, problem, text), False
        else:
            stored = Rejection(entry["source"], entry["location"], entry["field"],
                               entry["message"], entry["raw"])
            yield stored, True


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return f"not a stored rejection: expected an object, got {json_type(entry)}"
    for key in ("source", "location", "message", "raw"):
        if not isinstance(entry.get(key), str):
            return f"not a stored rejection: {key!r} must be a string"
    if not isinstance(entry.get("field"), str | None):
        return "not a stored rejection: 'field' must be a string or null"
    return None


def _relocated(result: ReadResult, entry: Rejection) -> ReadResult:
    if isinstance(result, ReadRecord):
        return dataclasses.replace(result, source=entry.source, location=entry.location)
    return Rejection(entry.source, entry.location, result.field, result.message, result.raw)
