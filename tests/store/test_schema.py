"""The schema: migrations are idempotent, constraints hold, reports round-trip."""

from __future__ import annotations

import pytest

from graph_service.store import ConstraintViolation, Store, expected_version, migrate, schema_version


def schema(store: Store) -> set[tuple[str, str]]:
    return {(row["name"], row["type"]) for row in store.read("schema_objects", {})}


def test_migrations_run_twice_leave_the_same_schema(store: Store) -> None:
    before = schema(store)
    assert migrate(store) == []
    assert schema(store) == before
    assert schema_version(store) == expected_version()
    assert ("entity_key", "RANGE") in before
    assert ("tally_names", "FULLTEXT") in before
    assert ("mention_surface", "FULLTEXT") not in before  # 0006: search reads tallies
    # Watchlist entries are one per entity and label (0002), no longer one per entity.
    assert {("watch_entry", "RANGE"), ("watch_entity", "RANGE")} <= before
    assert ("watch_key", "RANGE") not in before


def report_row(report_id: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": report_id, "agency": "Houston Police Department", "side": "LE", "level": 0,
        "vis": ["dissem:LES", "lvl:U"], "area": "TX", "reported_at": "2026-03-04T10:22:00Z",
        "event_at": None, "title": "Traffic stop", "text": "Ali Hassan drove a white van.",
        "sha256": "ab" * 32,
    }
    row.update(changes)
    return row


def test_a_report_reads_back_with_its_visibility(empty_store: Store) -> None:
    row = report_row("RPT-1", vis=["cit:USA", "lvl:S", "sci:SI"], level=2)
    empty_store.write("report_put", {"reports": [row]})
    back = empty_store.read("report_get_raw", {"id": "RPT-1"})[0]
    assert back["vis"] == ["cit:USA", "lvl:S", "sci:SI"]
    assert back["level"] == 2
    assert back["reported_at"] == "2026-03-04T10:22:00Z"
    assert {k: back[k] for k in ("id", "agency", "side", "area", "title", "text", "sha256")} == {
        k: row[k] for k in ("id", "agency", "side", "area", "title", "text", "sha256")
    }


def test_the_uniqueness_constraint_rejects_a_duplicate_report(empty_store: Store) -> None:
    empty_store.write("report_put", {"reports": [report_row("RPT-1")]})
    with pytest.raises(ConstraintViolation):
        empty_store.write("test_create_report", {"id": "RPT-1", "vis": ["dissem:LES", "lvl:U"]})


def test_a_report_is_its_id_and_label(empty_store: Store) -> None:
    """Polyinstantiation (migration 0008): the same id under a label its writer may not
    read is another report, and the write leaves that one as it was."""
    empty_store.write("report_put", {"reports": [report_row("RPT-1", vis=["lvl:TS", "sci:SI"], level=3)]})
    les_feed = ["dissem:LES", "lvl:U"]
    empty_store.write("report_put", {"reports": [report_row("RPT-1", text="Overwritten?", writer=les_feed)]})
    stored = {(tuple(r["vis"]), r["text"]) for r in empty_store.read("report_get_raw", {"id": "RPT-1"})}
    assert stored == {(("lvl:TS", "sci:SI"), "Ali Hassan drove a white van."),
                      (("dissem:LES", "lvl:U"), "Overwritten?")}
