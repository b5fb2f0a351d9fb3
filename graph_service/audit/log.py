"""The tamper-evident audit log: a hash chain of JSONL records plus signed checkpoints.

Layout of an audit directory:

    audit.jsonl        one record a line: {seq, time, principal, route, method, params,
                       status, released, withheld, pointers, changes, prev, hash}
                       (`changes`, what a write changed, added later: older records
                       lack it and still verify)
    checkpoints.jsonl  one signed checkpoint a line: {seq, head, time, sig}

Invariants:

- `seq` runs 1, 2, 3... with no gap; `prev` is the previous record's `hash` (64 zeros for
  the first); `hash` is the SHA-256 of the record's canonical JSON without `hash` (sorted
  keys, no whitespace, UTF-8). Changing, removing, inserting or reordering any record
  therefore breaks the chain at that record.
- A checkpoint signs (HMAC-SHA256 with the audit key) the head hash at `seq`. It is written
  every `checkpoint_every` records and on close, to its own file, outside Neo4j. Without
  the key nobody can re-sign, so truncating the log below a checkpoint or rewriting it
  with recomputed hashes is detected too. What no local mechanism can detect is the loss
  of records appended after the last checkpoint together with nothing else; ship
  checkpoints.jsonl off the host for that.
- Every append is fsync'ed before `append` returns, under a thread lock and an exclusive
  `flock` on the log file, so threads and processes (several API workers) interleave
  whole records only. A write that fails raises: the caller (the audit middleware) turns
  that into a failed request, never into a silently unaudited one.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_service.audit.redact import redact, scrub
from graph_service.settings import Settings

__all__ = [
    "AUDIT_FILE",
    "CHECKPOINT_FILE",
    "GENESIS",
    "AuditEntry",
    "AuditError",
    "AuditLog",
    "VerifyResult",
    "canonical_json",
    "export",
    "iter_records",
    "record_hash",
    "verify",
]

AUDIT_FILE = "audit.jsonl"
CHECKPOINT_FILE = "checkpoints.jsonl"
GENESIS = "0" * 64

_RECORD_FIELDS = frozenset(
    {"seq", "time", "principal", "route", "method", "params", "status", "released", "withheld",
     "pointers", "changes", "prev", "hash"}
)
# Records written before `changes` existed; the hash covers the fields a record has.
_OLD_RECORD_FIELDS = _RECORD_FIELDS - {"changes"}
# Reading the tail backwards in blocks of this size finds the last record of any
# realistic length in one or two reads.
_TAIL_BLOCK = 64 * 1024


class AuditError(Exception):
    """The audit log cannot be appended to (a torn or unreadable tail)."""


def canonical_json(value: Any) -> bytes:
    """The canonical encoding hashed and signed here: sorted keys, no whitespace, UTF-8."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of `record`'s canonical JSON without its `hash` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _checkpoint_sig(key: bytes, seq: int, head: str, time: str) -> str:
    payload = canonical_json({"seq": seq, "head": head, "time": time})
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What one request did, as the middleware saw it; `AuditLog.append` chains it."""

    principal: str | None
    route: str
    method: str
    params: Mapping[str, Any]
    status: int
    released: Sequence[str] = ()
    withheld: int = 0
    pointers: Sequence[Mapping[str, Any]] = ()
    # What a write changed, one object per change (a judgement's pair and verdict, a
    # watchlist entry's key and marking, a job's reports, a report it replaced).
    changes: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True, slots=True)
class _Tail:
    """The end of the log as last seen: file size, last seq and last hash."""

    size: int
    seq: int
    head: str


class AuditLog:
    """Appends chained records to `dir/audit.jsonl` and signed checkpoints beside it."""

    def __init__(self, dir: Path, key: bytes, checkpoint_every: int) -> None:
        if checkpoint_every < 1:
            raise ValueError("checkpoint_every must be at least 1")
        if not key:
            raise ValueError("the audit key must not be empty")
        self.dir = dir
        self.path = dir / AUDIT_FILE
        self.checkpoints_path = dir / CHECKPOINT_FILE
        self._key = key
        self._every = checkpoint_every
        self._lock = threading.Lock()
        # Valid only while the file still has this size: another process may have appended.
        self._tail: _Tail | None = None
        dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditLog:
        """The log in `<var_dir>/audit`, keyed with NEXUS_AUDIT_KEY."""
        return cls(
            settings.var_dir / "audit", settings.audit_key.get_secret_value().encode(),
            settings.audit_checkpoint_every,
        )

    def append(self, entry: AuditEntry) -> dict[str, Any]:
        """Chain, write and fsync one record; return it. Raises when it cannot be written."""
        with self._lock, self._locked_log() as fd:
            tail = self._read_tail(fd)
            # Credentials are redacted from every field before the record is chained, so
            # the log neither holds one nor needs rewriting to lose it (audit.redact).
            record: dict[str, Any] = {
                "seq": tail.seq + 1,
                "time": _now(),
                "principal": entry.principal,
                "route": scrub(entry.route),
                "method": entry.method,
                "params": redact(dict(entry.params)),
                "status": entry.status,
                "released": list(entry.released),
                "withheld": entry.withheld,
                "pointers": redact([dict(p) for p in entry.pointers]),
                "changes": redact([dict(c) for c in entry.changes]),
                "prev": tail.head,
            }
            record["hash"] = record_hash(record)
            line = canonical_json(record) + b"\n"
            try:
                _write_all(fd, line)
                os.fsync(fd)
            except BaseException:
                # Leave no torn line behind: the next append (and verify) would stop at it.
                os.ftruncate(fd, tail.size)
                raise
            if tail.size == 0:
                _fsync_dir(self.dir)
            self._tail = _Tail(tail.size + len(line), record["seq"], record["hash"])
            if record["seq"] % self._every == 0:
                # If this fails the record stays (it is chained and true) and the request
                # still fails; the next checkpoint, or close(), covers the record.
                self._write_checkpoint(record["seq"], record["hash"])
            return record

    def verify(self) -> VerifyResult:
        """`verify` of this log as of now, safe while other requests append.

        Both file sizes are taken under the append lock, so the records and checkpoints
        read belong to one instant; the lock is not held while they are checked.
        """
        with self._lock, self._locked_log() as fd:
            log_size = os.fstat(fd).st_size
            try:
                checkpoint_size = self.checkpoints_path.stat().st_size
            except FileNotFoundError:
                checkpoint_size = 0
        return _verify(
            _read_lines(self.path, log_size), _read_lines(self.checkpoints_path, checkpoint_size), self._key
        )

    def close(self) -> None:
        """Sign a checkpoint of the current head unless the last checkpoint already has it."""
        with self._lock, self._locked_log() as fd:
            tail = self._read_tail(fd)
            if tail.seq > _last_checkpoint_seq(self.checkpoints_path):
                self._write_checkpoint(tail.seq, tail.head)

    def _locked_log(self) -> _LockedFile:
        return _LockedFile(self.path)

    def _read_tail(self, fd: int) -> _Tail:
        size = os.fstat(fd).st_size
        if self._tail is not None and self._tail.size == size:
            return self._tail
        if size == 0:
            return _Tail(0, 0, GENESIS)
        last = _last_line(fd, size)
        try:
            record = json.loads(last)
            seq, head = record["seq"], record["hash"]
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditError(f"{self.path}: the last record is unreadable; run `nexus audit verify`") from exc
        if not isinstance(seq, int) or not isinstance(head, str):
            raise AuditError(f"{self.path}: the last record has no seq/hash; run `nexus audit verify`")
        return _Tail(size, seq, head)

    def _write_checkpoint(self, seq: int, head: str) -> None:
        time = _now()
        sig = _checkpoint_sig(self._key, seq, head, time)
        checkpoint = {"seq": seq, "head": head, "time": time, "sig": sig}
        fd = os.open(self.checkpoints_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            _write_all(fd, canonical_json(checkpoint) + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)


class _LockedFile:
    """The log file opened for appending under an exclusive flock, closed on exit."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd = -1

    def __enter__(self) -> int:
        # Opened per append, not kept: a log that became unwritable fails the next request.
        self._fd = os.open(self._path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self._fd)
            raise
        return self._fd

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)  # closing releases the flock


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _last_line(fd: int, size: int) -> bytes:
    """The last newline-terminated line of the file; AuditError if the file ends mid-line."""
    if os.pread(fd, 1, size - 1) != b"\n":
        raise AuditError("the audit log ends with a partial record; run `nexus audit verify`")
    end = size - 1
    start = end
    while start > 0:
        block = max(0, start - _TAIL_BLOCK)
        chunk = os.pread(fd, start - block, block)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            start = block + newline + 1
            break
        start = block
    return os.pread(fd, end - start, start)


def _last_checkpoint_seq(path: Path) -> int:
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return 0
    for line in reversed(lines):
        try:
            seq = json.loads(line)["seq"]
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(seq, int):
            return seq
    return 0


# ---------------------------------------------------------------- verification


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Outcome of `verify`: `first_bad` is the first line (= expected seq) not to trust."""

    ok: bool
    records: int
    first_bad: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    seq: int
    head: str


class _Broken(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def verify(dir: Path, key: bytes) -> VerifyResult:
    """Check the chain and the signed checkpoints in `dir`; name the first bad record.

    Records before `first_bad` are intact and in place. Which record is named:

    - a changed, torn or foreign record: that record;
    - a missing record: the record expected in its place (for the last records, found
      through a checkpoint whose seq is beyond the end of the log);
    - two records with the same seq: the one the rest of the chain (or a checkpoint)
      does not follow — a forged insert, or the second copy of a duplicate;
    - a rewrite with recomputed hashes: the first record after the last checkpoint that
      still matches (exact when checkpoints are written every record).
    """
    return _verify(_read_lines(dir / AUDIT_FILE), _read_lines(dir / CHECKPOINT_FILE), key)


def _verify(lines: list[bytes], checkpoint_lines: list[bytes], key: bytes) -> VerifyResult:
    checkpoints, checkpoint_problem = _read_checkpoints(checkpoint_lines, key)
    heads = {c.seq: c.head for c in checkpoints}
    hashes: list[str] = []
    try:
        _check_chain(lines, heads, hashes)
        chain_break: _Broken | None = None
    except _Broken as broken:
        chain_break = broken
    try:
        _check_checkpoints(checkpoints, hashes, limit=None if chain_break is None else chain_break.line)
    except _Broken as broken:
        # A checkpoint before the chain break fails: the damage starts before the break.
        chain_break = broken
    records = len(lines)
    if chain_break is not None:
        reason = f"record {chain_break.line}: {chain_break.reason}"
        if checkpoint_problem:
            reason += f"; {checkpoint_problem}"
        return VerifyResult(False, records, chain_break.line, reason)
    if checkpoint_problem:
        return VerifyResult(False, records, None, checkpoint_problem)
    summary = f"{records} records chained, {len(checkpoints)} checkpoints verified"
    return VerifyResult(True, records, None, summary)


def _read_lines(path: Path, size: int | None = None) -> list[bytes]:
    """The lines of `path` (of its first `size` bytes when given)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(-1 if size is None else size)
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")
    # A complete log ends with a newline, leaving one empty piece; anything else there is
    # a torn last record, kept so that it fails to parse and is named.
    if lines[-1] == b"":
        lines.pop()
    return lines


def _read_checkpoints(lines: list[bytes], key: bytes) -> tuple[list[_Checkpoint], str | None]:
    """The validly signed checkpoints, and a description of the first invalid one."""
    good: list[_Checkpoint] = []
    problem: str | None = None
    for number, raw in enumerate(lines, 1):
        try:
            data = json.loads(raw)
            seq, head, time, sig = data["seq"], data["head"], data["time"], data["sig"]
            valid = (
                isinstance(seq, int) and isinstance(head, str) and isinstance(time, str)
                and isinstance(sig, str)
                and hmac.compare_digest(sig, _checkpoint_sig(key, seq, head, time))
            )
        except (ValueError, KeyError, TypeError):
            valid = False
        if valid:
            good.append(_Checkpoint(seq, head))
        elif problem is None:
            problem = f"{CHECKPOINT_FILE} line {number}: not a validly signed checkpoint"
    return good, problem


def _parse_record(raw: bytes, line: int) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except ValueError:
        raise _Broken(line, "not a JSON record (torn or edited)") from None
    if not isinstance(record, dict) or set(record) not in (_RECORD_FIELDS, _OLD_RECORD_FIELDS):
        raise _Broken(line, "not an audit record (fields missing or added)")
    if not isinstance(record["seq"], int) or not isinstance(record["prev"], str) or not isinstance(
        record["hash"], str
    ):
        raise _Broken(line, "seq, prev or hash has the wrong type")
    if record["hash"] != record_hash(record):
        raise _Broken(line, "content does not match its hash (record changed)")
    return record


def _check_chain(lines: list[bytes], heads: Mapping[int, str], hashes: list[str]) -> None:
    """Walk the chain, appending each good record's hash to `hashes`; raise at the first break."""
    previous: dict[str, Any] | None = None
    for line, raw in enumerate(lines, 1):
        record = _parse_record(raw, line)
        expected_prev = GENESIS if previous is None else previous["hash"]
        if record["seq"] == line and record["prev"] == expected_prev:
            hashes.append(record["hash"])
            previous = record
            continue
        if previous is not None and record["seq"] == line - 1 and record["prev"] == previous["prev"]:
            raise _which_twin(lines, line, previous, record, heads)
        if record["seq"] != line:
            found = record["seq"]
            raise _Broken(line, f"expected seq {line}, found {found} (record missing, moved or added)")
        raise _Broken(line, "prev does not link to the record before (record missing, moved or added)")


def _which_twin(
    lines: list[bytes], line: int, first: Mapping[str, Any], second: Mapping[str, Any],
    heads: Mapping[int, str],
) -> _Broken:
    """Two records claim seq line-1 (at lines line-1 and line): the break at the impostor."""
    seq = line - 1
    if first["hash"] == second["hash"]:
        return _Broken(line, f"a second copy of record {seq}")
    follower: str | None = None
    if line < len(lines):
        try:
            follower = json.loads(lines[line]).get("prev")
        except (ValueError, AttributeError):
            follower = None
    # The record that a signed head (or else the next record) continues from is genuine.
    genuine = heads.get(seq) or follower
    if genuine == second["hash"]:
        return _Broken(seq, f"an inserted record: the chain continues from the next record with seq {seq}")
    return _Broken(line, f"an inserted record claiming seq {seq}, which the record before holds")


def _check_checkpoints(checkpoints: Sequence[_Checkpoint], hashes: Sequence[str], limit: int | None) -> None:
    """Raise at the first record a checkpoint proves missing or rewritten (below `limit`)."""
    trusted = 0
    for checkpoint in sorted(checkpoints, key=lambda c: c.seq):
        if limit is not None and checkpoint.seq >= limit:
            return
        if checkpoint.seq > len(hashes):
            raise _Broken(
                len(hashes) + 1,
                f"missing: a checkpoint signed seq {checkpoint.seq}, the log has {len(hashes)} records "
                "(truncated)",
            )
        if checkpoint.seq >= 1 and hashes[checkpoint.seq - 1] != checkpoint.head:
            raise _Broken(
                trusted + 1,
                f"records {trusted + 1}..{checkpoint.seq} do not match the checkpoint signed at seq "
                f"{checkpoint.seq} (rewritten)",
            )
        trusted = checkpoint.seq


# ---------------------------------------------------------------- export


def iter_records(dir: Path) -> Iterator[dict[str, Any]]:
    """The records of `dir`'s log in order, as written (not verified; see `verify`)."""
    try:
        handle = (dir / AUDIT_FILE).open("rb")
    except FileNotFoundError:
        return
    with handle:
        for raw in handle:
            if raw.endswith(b"\n"):
                yield json.loads(raw)


def export(
    dir: Path, since: datetime | None = None, until: datetime | None = None, *,
    after_seq: int = 0, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Records with `since <= time < until` (either bound optional) and seq above `after_seq`.

    Naive datetimes are taken as UTC. At most `limit` records when given.
    """
    low = _utc(since)
    high = _utc(until)
    out: list[dict[str, Any]] = []
    for record in iter_records(dir):
        if record["seq"] <= after_seq:
            continue
        at = datetime.fromisoformat(record["time"])
        if (low is not None and at < low) or (high is not None and at >= high):
            continue
        out.append(record)
        if limit is not None and len(out) >= limit:
            break
    return out


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
