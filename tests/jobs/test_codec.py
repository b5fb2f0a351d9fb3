"""A job keeps each record as read and validated: what a worker loads is what was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.jobs import codec
from ingest.readers import ReadRecord, read_path

DATA = Path(__file__).resolve().parent.parent / "data" / "readers"


@pytest.mark.parametrize("name", ["custom.stix.json", "reports.csv", "text/substation.txt"])
def test_a_record_comes_back_as_it_was_read(name: str) -> None:
    records = [r for r in read_path(DATA / name) if isinstance(r, ReadRecord)]
    assert records
    for record in records:
        back = codec.loads(codec.dumps(record))
        assert back == record
        assert (back.source, back.location) == (record.source, record.location)
        assert back.report.sha256 == record.report.sha256  # so re-ingest still skips it
    if name.endswith("stix.json"):
        assert any(r.structured for r in records)
