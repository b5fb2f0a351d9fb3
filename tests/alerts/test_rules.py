"""Each alert rule fires on a minimal scenario and stays silent on its near-miss twin,
evaluated by the pipeline's alert stage against the real Neo4j."""

from __future__ import annotations

from graph_service.domain import EntityKind
from graph_service.store import Store
from queries import alerts
from queries.alerts import Alert
from queries.watchlist import entry_key
from tests.alerts.conftest import BOTH, LES, TOP, Ingest, found, rules, watch
from tests.ingest.test_pipeline import report

SECRET = "SECRET//NOFORN"


def later(report_id: str, text: str, **changes: object) -> dict[str, object]:
    """A report dated after any run of the test: its score has no recency decay, so
    evaluations minutes apart score it alike to the last digit."""
    return report(report_id, text, reported_at="2099-01-01T00:00:00Z", **changes)
ALI = "person:ali hassan"
BOB = "person:bob smith"


def test_an_le_mention_near_a_watched_subject_alerts_but_not_through_a_city(
    empty_store: Store, run: Ingest
) -> None:
    run(report("I-1", "Ali Hassan was seen in Houston.", side="INTEL", marking=SECRET))
    watch(empty_store, ALI)  # an entry for someone already in the graph
    run(report("L-1", "Bob Smith was seen in Houston."))
    assert rules(empty_store, BOTH) == set()
    run(report("L-2", "Bob Smith met with Ali Hassan at the depot."))
    alerts = [a for a in found(empty_store, BOTH) if a.rule == "watch_proximity"]
    assert {a.subject for a in alerts} == {ALI}
    near = next(a for a in alerts if a.path and len(a.path["hops"]) == 1)
    assert [n["key"] for n in near.path["nodes"]] == [BOB, ALI]  # type: ignore[index]
    assert near.reports == ("L-2",)
    assert near.subject_name == "Ali Hassan"
    assert near.side == "LE"
    # The LES analyst sees the watch entry and the LE report, and is alerted too.
    assert ("watch_proximity", ALI) in rules(empty_store, LES)


def test_no_watch_alert_through_a_service_line_or_a_facility_named_by_its_type(
    empty_store: Store, run: Ingest
) -> None:
    # Two callers only, so the line's specificity alone would let it join them: a
    # toll-free line is anyone's to call. And "a hotel" here is not "a hotel" there.
    watch(empty_store, ALI)
    run(report("I-1", "Ali Hassan called (888) 555-0123 and stayed at a hotel near the port.",
               side="INTEL", marking=SECRET))
    run(report("L-1", "Bob Smith called (888) 555-0123 about his booking."),
        report("L-2", "Carl Turner stayed at a hotel downtown."))
    assert rules(empty_store, BOTH) == set()
    # The same two callers of an ordinary line are linked.
    run(report("I-2", "Ali Hassan called (713) 555-0142 twice.", side="INTEL", marking=SECRET),
        report("L-3", "Bob Smith called (713) 555-0142 from the depot."))
    assert ("watch_proximity", ALI) in rules(empty_store, BOTH)


def test_an_intelligence_report_completing_a_link_to_a_watched_subject_alerts(
    empty_store: Store, run: Ingest
) -> None:
    watch(empty_store, ALI)
    run(report("L-1", "Bob Smith was arrested at the depot with a rifle."))
    run(report("I-1", "Ali Hassan was seen in Karachi.", side="INTEL", marking=SECRET))
    assert rules(empty_store, BOTH) == set()
    run(report("I-2", "Ali Hassan met with Bob Smith in Karachi.", side="INTEL", marking=SECRET))
    (alert,) = [a for a in found(empty_store, BOTH) if a.rule == "watch_proximity"]
    assert (alert.subject, alert.reports, alert.side) == (ALI, ("I-2",), "INTEL")
    assert alert.path is not None
    assert [n["key"] for n in alert.path["nodes"]] == [ALI, BOB]


def test_a_watched_persons_namesake_in_le_reporting_alerts_nobody(empty_store: Store, run: Ingest) -> None:
    karim = "person:karim haddad"
    watch(empty_store, karim)
    run(report("I-1", "Karim Haddad, 71, financed the cell from Karachi.", side="INTEL", marking=SECRET))
    run(report("L-1", "Officers stopped Karim Haddad, 34, and Bob Smith near the depot."))
    assert rules(empty_store, BOTH) == set()
    # A report that gives no age cannot be told apart: it alerts.
    run(report("L-2", "Officers stopped Karim Haddad near the depot."))
    assert ("watch_proximity", karim) in rules(empty_store, BOTH)


def test_an_le_report_naming_an_intelligence_subject_alerts_but_not_a_namesake(
    empty_store: Store, run: Ingest
) -> None:
    run(
        report("I-1", "Karim Haddad, 71, financed the cell from Karachi.", side="INTEL", marking=SECRET),
        report("L-1", "Officers stopped Karim Haddad, 34, near the depot."),
    )
    assert not {r for r in rules(empty_store, BOTH) if r[0] == "cross_side"}
    run(
        report("I-2", "Samir Nasser financed the cell from Karachi.", side="INTEL", marking=SECRET),
        report("L-2", "Officers stopped Samir Nasser near the depot."),
    )
    assert ("cross_side", "person:samir nasser") in rules(empty_store, BOTH)
    assert ("cross_side", "person:samir nasser") in rules(empty_store, TOP)
    # Below the intelligence report, nothing is on two sides.
    assert rules(empty_store, LES) == set()


def test_a_phone_both_sides_use_alerts_but_not_a_line_hundreds_call(empty_store: Store, run: Ingest) -> None:
    # Thirty callers: the line's specificity, 1/29, sinks any route through it below the
    # rule's least score (a line held by more than MAX_SHARED bridges nothing at all).
    firsts = ["Adam", "Brian", "Carl", "David", "Edward", "Frank"]
    lasts = ["Miller", "Garcia", "Lopez", "Walker", "Turner"]
    customers = [
        report(f"C-{i}", f"{first} {last} called the service line (800) 555-0199 about a refund.")
        for i, (first, last) in enumerate((f, s) for f in firsts for s in lasts)
    ]
    run(*customers)
    run(report("I-1", "Yusuf Demir called (800) 555-0199 from Karachi.", side="INTEL", marking=SECRET))
    assert not {r for r in rules(empty_store, BOTH) if r[0] == "shared_identifier"}
    run(
        report("I-2", "Yusuf Demir used phone (202) 555-0147 to call the cell.", side="INTEL",
               marking=SECRET),
        report("L-1", "A caller used phone 202.555.0147 near the depot."),
    )
    shared = [a for a in found(empty_store, BOTH) if a.rule == "shared_identifier"]
    assert {(a.subject, a.side) for a in shared} == {("phone:+12025550147", "LE")}
    assert shared[0].path is not None
    assert shared[0].path["nodes"][-1]["key"] == "person:yusuf demir"


def test_a_spelling_variant_of_a_watched_subject_alerts_above_the_threshold(
    empty_store: Store, run: Ingest
) -> None:
    muhammad = entry_key(EntityKind.PERSON, "Muhammad Al-Rashid")
    watch(empty_store, muhammad)
    run(report("I-1", "Muhammad Al-Rashid met with a courier in Karachi.", side="INTEL", marking=SECRET))
    run(report("L-1", "M. Al-Rashid travelled to Detroit last week."))  # an initial: 0.8
    assert rules(empty_store, BOTH) == set()
    run(report("L-2", "Mohammed Al-Rashid travelled to Detroit last week."))
    assert rules(empty_store, BOTH) == {("watch_candidate", muhammad)}


def test_one_alert_per_link_told_again_only_when_its_score_rises_a_step(
    empty_store: Store, run: Ingest
) -> None:
    run(later("I-1", "Ali Hassan was seen in Houston.", side="INTEL", marking=SECRET))
    watch(empty_store, ALI)

    def link() -> tuple[Alert, int]:
        (alert,) = [a for a in found(empty_store, BOTH) if a.rule == "watch_proximity" and a.path
                    and [n["key"] for n in a.path["nodes"]] == [BOB, ALI]]
        told = [seq for seq, a in alerts.events(empty_store, BOTH, 0) if a.id == alert.id]
        return alert, len(told)

    run(later("L-1", "Bob Smith was at the depot on Monday. Ali Hassan was seen there later."))
    first, told = link()
    assert told == 1
    run(later("L-2", "Bob Smith was at the depot on Friday. Ali Hassan was seen there again."))
    same, told = link()
    assert (same.id, same.reports, same.score, told) == (first.id, ("L-1", "L-2"), first.score, 1)
    run(later("L-3", "Bob Smith met with Ali Hassan at the depot."))
    rose, told = link()
    assert rose.id == first.id
    assert rose.score >= first.score + 0.1
    assert told == 2
