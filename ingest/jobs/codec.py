"""A read and validated record as the JSON a job keeps until the record is written.

The record is stored as the readers made it (the report, and what a structured format
stated), not as the body it came from, so a worker never reads or validates it again and
it is written exactly as it was accepted. `loads(dumps(r)) == r`, provenance included.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from graph_service.domain import EntityKind, RelationKind, Report, Side
from ingest.readers import ReadRecord, StructuredEntity, StructuredRelation

__all__ = ["dumps", "loads"]


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def dumps(record: ReadRecord) -> str:
    """The record as one JSON string."""
    r = record.report
    data: dict[str, Any] = {
        "report": {
            "id": r.id, "agency": r.agency, "side": r.side.value, "marking": r.marking,
            "area": r.area, "reported_at": _instant(r.reported_at),
            "event_at": _instant(r.event_at), "title": r.title, "text": r.text,
        },
        "structured": [[e.kind.value, e.name, e.stix_id] for e in record.structured],
        "relations": [
            [x.kind.value, x.source, x.target, x.stix_id] for x in record.structured_relations
        ],
        "source": record.source,
        "location": record.location,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> ReadRecord:
    """The record `dumps` wrote."""
    data = json.loads(text)
    r = data["report"]
    report = Report(
        id=r["id"], agency=r["agency"], side=Side(r["side"]), marking=r["marking"],
        area=r["area"], reported_at=datetime.fromisoformat(r["reported_at"]),
        event_at=None if r["event_at"] is None else datetime.fromisoformat(r["event_at"]),
        title=r["title"], text=r["text"],
    )
    return ReadRecord(
        report=report,
        structured=tuple(
            StructuredEntity(EntityKind(kind), name, stix_id) for kind, name, stix_id in data["structured"]
        ),
        structured_relations=tuple(
            StructuredRelation(RelationKind(kind), source, target, stix_id)
            for kind, source, target, stix_id in data["relations"]
        ),
        source=data["source"],
        location=data["location"],
    )
