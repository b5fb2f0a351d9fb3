"""Noninterference for alerts: what a viewer is alerted to is identical with and without
data above them, and with hidden additions on the very entities of their alerts; a
SECRET officer is alerted through SECRET evidence even when a TOP SECRET route exists."""

from __future__ import annotations

from typing import Any

from graph_service.store import Store
from graph_service.visibility import Viewer
from tests.alerts.conftest import BOTH, TOP, Ingest, found, watch
from tests.ingest.test_pipeline import report

SECRET = "SECRET//NOFORN"
# Dated after any run of the test: scores carry no recency decay, so two runs minutes
# apart score alike to the last digit.
LATER = "2099-01-01T00:00:00Z"


def dated(report_id: str, text: str, **changes: object) -> dict[str, object]:
    return report(report_id, text, reported_at=LATER, **changes)

TS = "TOP SECRET//SI//NOFORN"

VISIBLE = (
    dated("I-1", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
    dated("L-1", "Officers stopped Samir Nasser near the depot."),
    dated("I-2", "Yusuf Demir used phone (202) 555-0147 to call the cell.", side="INTEL", marking=SECRET),
    dated("L-2", "A caller used phone 202.555.0147 near the depot."),
    dated("L-3", "Bob Smith met with Ali Hassan at the depot."),
)
HIDDEN = (
    # A second, TOP SECRET route to the same subject and a name only TOP SECRET gives.
    dated("T-1", "Samir Nasser met with Omar Khalid in Karachi.", side="INTEL", marking=TS),
    dated("T-2", "Omar Khalid used phone (202) 555-0147 in Karachi.", side="INTEL", marking=TS),
    dated("T-3", "Bob Smith met with Ali Hassan and Omar Khalid in Karachi.", side="INTEL", marking=TS),
)


def seen(store: Store, viewer: Viewer) -> list[tuple[Any, ...]]:
    """Everything the viewer's alerts say but when they were written."""
    return sorted(
        (a.id, a.rule, a.state, a.score, a.subject, a.subject_name, a.subject_kind, a.area, a.side,
         a.reports, a.path, a.pointer, a.vis, a.level, [(h.state, h.note, h.by) for h in a.history])
        for a in found(store, viewer)
    )


def test_a_viewers_alerts_are_the_same_with_and_without_data_above_them(
    empty_store: Store, run: Ingest
) -> None:
    watch(empty_store, "person:ali hassan")
    run(*VISIBLE, viewers=(BOTH, TOP))
    alone = seen(empty_store, BOTH)
    assert {a[1] for a in alone} >= {"cross_side", "shared_identifier", "watch_proximity"}
    top_alone = seen(empty_store, TOP)

    empty_store.run_batched("wipe_data", {})
    watch(empty_store, "person:ali hassan")
    run(*HIDDEN, viewers=(BOTH, TOP))
    run(*VISIBLE, viewers=(BOTH, TOP))
    assert seen(empty_store, BOTH) == alone
    # The hidden reports do reach the TOP SECRET officer: the test is not vacuous.
    assert seen(empty_store, TOP) != top_alone
    assert all("Omar Khalid" not in repr(a) for a in seen(empty_store, BOTH))
