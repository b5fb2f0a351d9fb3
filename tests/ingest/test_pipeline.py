"""The ingest chain against the real Neo4j: idempotence, replacement, resolution, outages."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import psutil

import queries
from bench.write_sides import write_per_row, write_rows_batched
from graph_service import neo4j_local
from graph_service.settings import Settings
from graph_service.store import Store, migrate
from graph_service.visibility import Level, Viewer
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import ReadRecord, read_bytes
from ingest.resolve import resolve
from queries.judgements import list_candidates
from queries.nodes import fetch_nodes
from queries.paths import find_paths


def records(*reports: dict[str, object]) -> list[ReadRecord]:
    data = "\n".join(json.dumps(r) for r in reports).encode()
    out = [r for r in read_bytes(data, source="test.jsonl") if isinstance(r, ReadRecord)]
    assert len(out) == len(reports)
    return out


def report(report_id: str, text: str, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": report_id,
        "agency": "Houston Police Department",
        "side": "LE",
        "marking": "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE",
        "area": "TX",
        "reported_at": "2026-03-04T10:22:00Z",
        "event_at": None,
        "title": "Report",
        "text": text,
    }
    record.update(changes)
    return record


def counts(store: Store) -> dict[str, int]:
    return {row["name"]: row["n"] for row in store.read("graph_counts", {})}


def keys(store: Store, kind: str) -> set[str]:
    rows = store.read(
        "bench_mentions", {"tokens": ["lvl:U", "dissem:LES", "lvl:S", "cit:USA"], "limit": 10_000}
    )
    return {r["key"] for r in rows if r["kind"] == kind}


STOP = report(
    "R-1",
    "Ali Hassan called (713) 555-0143 on Tuesday. Ali Hassan drove a white Ford "
    "bearing Texas plate KXT4821 to the Port of Houston.",
)
TIP = report(
    "R-2",
    "A caller said that Ali Hassan, using phone 713.555.0143, met with Bob Smith in Houston.",
)


def test_reingesting_the_same_reports_changes_nothing(empty_store: Store, extractor: Extractor) -> None:
    first = ingest(empty_store, records(STOP, TIP), extractor)
    before = counts(empty_store)
    again = ingest(empty_store, records(STOP, TIP), extractor)
    assert (first.ingested, again.ingested, again.unchanged) == (2, 0, 2)
    assert counts(empty_store) == before


def test_a_changed_report_replaces_its_old_mentions(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(STOP), extractor)
    assert "vehicle:TX:KXT4821" in keys(empty_store, "Vehicle")
    changed = report("R-1", "Ali Hassan called (713) 555-0143 on Tuesday.")
    summary = ingest(empty_store, records(changed), extractor)
    assert summary.ingested == 1
    assert "vehicle:TX:KXT4821" not in keys(empty_store, "Vehicle")
    assert "phone:+17135550143" in keys(empty_store, "Phone")


def test_what_a_viewer_is_shown_of_an_entity_follows_replaced_reports(
    empty_store: Store, extractor: Extractor
) -> None:
    """Counts, names and newest reports of an entity follow its reports through a change
    of text and a change of marking (the per-label tallies are kept exact)."""
    les = Viewer.from_attributes("les", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    ingest(empty_store, records(STOP, TIP), extractor)
    phone = fetch_nodes(empty_store, les, ["phone:+17135550143"])["phone:+17135550143"]
    assert (phone.reports, phone.le_reports, phone.le_ids) == (2, 2, ("R-1", "R-2"))
    assert fetch_nodes(empty_store, les, ["vehicle:TX:KXT4821"])["vehicle:TX:KXT4821"].reports == 1

    ingest(empty_store, records(report("R-1", "Ali Hassan was seen near the Port of Houston.")), extractor)
    assert fetch_nodes(empty_store, les, ["vehicle:TX:KXT4821"]) == {}
    assert fetch_nodes(empty_store, les, ["phone:+17135550143"])["phone:+17135550143"].le_ids == ("R-2",)

    secret = report("R-2", str(TIP["text"]), marking="SECRET", side="INTEL")
    ingest(empty_store, records(secret), extractor)
    assert fetch_nodes(empty_store, les, ["phone:+17135550143"]) == {}
    cleared = Viewer.from_attributes("s", Level.SECRET, [], ["USA"], ["LES"])
    phone = fetch_nodes(empty_store, cleared, ["phone:+17135550143"])["phone:+17135550143"]
    assert (phone.reports, phone.le_reports, phone.intel_ids) == (1, 0, ("R-2",))
    hassan = fetch_nodes(empty_store, les, ["person:ali hassan"])["person:ali hassan"]
    assert (hassan.reports, hassan.name) == (1, "Ali Hassan")


def drift(store: Store) -> dict[str, int]:
    (row,) = store.read("co_mention_drift", {})
    return dict(row)


NO_DRIFT = {"missing": 0, "stale": 0, "duplicated": 0}


def test_a_co_mention_hop_lasts_while_a_visible_report_states_it(
    empty_store: Store, extractor: Extractor
) -> None:
    """Routes are searched over the co-mention projection; it follows replaced reports
    and their markings, so a hop never outlives the reports that gave it."""
    les = Viewer.from_attributes("les", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    cleared = Viewer.from_attributes("s", Level.SECRET, [], ["USA"], ["LES"])
    phone, hassan, smith = "phone:+17135550143", "person:ali hassan", "person:bob smith"
    ingest(empty_store, records(STOP, TIP), extractor)
    assert drift(empty_store) == NO_DRIFT
    assert [p.keys for p in find_paths(empty_store, les, phone, hassan).paths] == [(phone, hassan)]

    # R-1 no longer names the phone; R-2 still links the phone, Hassan and Smith.
    ingest(empty_store, records(report("R-1", "Ali Hassan was seen near the Port of Houston.")), extractor)
    assert drift(empty_store) == NO_DRIFT
    assert [p.keys for p in find_paths(empty_store, les, phone, smith).paths] == [(phone, smith)]

    # Now R-2 alone names the phone with Hassan, at SECRET, and an LES report puts the phone
    # at the port: the direct hop is the cleared viewer's only.
    secret = report("R-2", str(TIP["text"]), marking="SECRET", side="INTEL")
    port_call = report("R-3", "A caller used phone 713.555.0143 at the Port of Houston.")
    ingest(empty_store, records(secret, port_call), extractor)
    assert drift(empty_store) == NO_DRIFT
    (port,) = keys(empty_store, "Facility")
    assert [p.keys for p in find_paths(empty_store, les, phone, hassan).paths] == [(phone, port, hassan)]
    assert [p.keys for p in find_paths(empty_store, cleared, phone, hassan).paths] == [(phone, hassan)]


def test_the_co_mention_migration_rebuilds_the_projection(empty_store: Store, extractor: Extractor) -> None:
    """A graph written before the projection existed gets it from migration 0004."""
    ingest(empty_store, records(STOP, TIP), extractor)
    built = counts(empty_store)["CO_MENTION"]
    empty_store.write("test_drop_co_mentions", {})
    assert drift(empty_store)["missing"] == built > 0
    (statements,) = [s for v, _, s in queries.migrations() if v == 4]
    for statement in statements:
        empty_store.run_schema(statement)
    assert drift(empty_store) == NO_DRIFT
    assert counts(empty_store)["CO_MENTION"] == built


def test_the_same_phone_in_two_formats_is_one_entity(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(STOP, TIP), extractor)
    assert keys(empty_store, "Phone") == {"phone:+17135550143"}
    assert "person:ali hassan" in keys(empty_store, "Person")


def test_spelling_variants_become_candidates_not_merges(empty_store: Store, extractor: Extractor) -> None:
    ingest(
        empty_store,
        records(
            report("R-10", "Mohammed Al-Rashid travelled to Detroit last week."),
            report("R-11", "Muhammad Al-Rashid met with the group's treasurer in Dearborn."),
        ),
        extractor,
    )
    persons = keys(empty_store, "Person")
    assert {"person:mohammed al-rashid", "person:muhammad al-rashid"} <= persons or len(persons) >= 2
    assert counts(empty_store)["POSSIBLY_SAME"] >= 1


def test_a_misspelt_surname_is_a_candidate_unless_something_corroborates_it(
    empty_store: Store, extractor: Extractor
) -> None:
    """A typo changes how a surname sounds ("Wright", "Wight"); the given-name block still
    brings the two names together: into one person when the misspelt report shares his
    phone, for an analyst when nothing else joins them."""
    ingest(
        empty_store,
        records(
            report("R-12", "Frank Wright called (713) 555-0188 from Houston."),
            report("R-13", "Frank Wight used phone 713-555-0188 in Austin."),
            report("R-16", "Ariel Thompson met a courier in Dallas."),
            report("R-17", "Ariel Thomson was seen in Houston."),
        ),
        extractor,
    )
    people = keys(empty_store, "Person")
    assert "person:frank wright" in people
    assert "person:frank wight" not in people
    assert {"person:ariel thompson", "person:ariel thomson"} <= people
    le_analyst = Viewer.from_attributes("le", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    offered = list_candidates(empty_store, le_analyst, entity="person:ariel thompson").items
    assert ("person:ariel thompson", "person:ariel thomson") in {(c.a, c.b) for c in offered}


def test_the_given_name_block_migration_writes_the_blocks_ingest_writes(
    empty_store: Store, extractor: Extractor
) -> None:
    ingest(empty_store, records(STOP, TIP, report("R-14", "Fatima Zahra Al-Masri met Bob Smith.")), extractor)
    written = empty_store.read("test_blocks", {"limit": 1000})
    assert any(row["block"].startswith("person-given:") for row in written)
    empty_store.write("test_drop_given_name_blocks", {})
    assert len(empty_store.read("test_blocks", {"limit": 1000})) < len(written)
    (statements,) = [s for v, _, s in queries.migrations() if v == 7]
    for statement in statements:
        empty_store.run_schema(statement)
    assert empty_store.read("test_blocks", {"limit": 1000}) == written


def test_an_identifier_with_a_bad_checksum_never_merges(empty_store: Store, extractor: Extractor) -> None:
    bad_vin = "1HGCM82633A004353"  # check digit should be 2
    ingest(
        empty_store,
        records(
            report("R-20", f"Officers recovered a sedan with VIN {bad_vin} near the depot."),
            report("R-21", f"The vehicle, VIN {bad_vin}, was later seen in Dallas."),
        ),
        extractor,
    )
    vehicles = keys(empty_store, "Vehicle")
    assert len(vehicles) == 2
    assert all("unverified" in key for key in vehicles)


def test_ingest_waits_out_a_neo4j_outage_and_loses_nothing(
    settings: Settings, tmp_path: Path, extractor: Extractor
) -> None:
    """Kill Neo4j in the middle of a job, restart it: the job resumes; the graph equals a clean run."""
    corpus = records(
        *(
            report(f"F-{i}", f"Subject {name} Hassan called (713) 555-{i:04d} near the Port of Houston.")
            for i, name in enumerate(["Ali", "Omar", "Samir", "Karim", "Yusuf", "Tariq"] * 20)
        )
    )
    home = tmp_path / "neo4j"
    server = neo4j_local.start(settings, home=home, port=0)
    store = Store.from_settings(settings, server.uri)
    migrate(store)
    try:
        result: dict[str, object] = {}

        def run() -> None:
            result["summary"] = ingest(store, corpus, extractor, batch_size=10)

        job = threading.Thread(target=run)
        job.start()
        while counts(store).get("Report", 0) < 10:  # kill it mid-job, after the first batches landed
            time.sleep(0.05)
        psutil.Process(server.pid).kill()
        psutil.Process(server.pid).wait(30)
        neo4j_local.start(settings, home=home, port=server.port)
        job.join(timeout=300)
        assert not job.is_alive()
        assert result["summary"].ingested == len(corpus)  # type: ignore[attr-defined]
        interrupted = counts(store)
        store.run_batched("wipe_data", {})
        clean = ingest(store, corpus, extractor, batch_size=10)
        assert clean.ingested == len(corpus)
        assert counts(store) == interrupted
    finally:
        store.close()
        neo4j_local.stop(home)


def test_a_surname_alone_is_the_person_the_report_named(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(report(
        "R-30", "Officers stopped Karim Haddad near the depot. Haddad said he worked nights."
    )), extractor)
    assert keys(empty_store, "Person") == {"person:karim haddad"}


def test_a_candidate_is_seen_by_whoever_sees_one_pair_of_its_reports(
    empty_store: Store, extractor: Extractor
) -> None:
    """A TOP SECRET report naming one side must not hide the candidate from a viewer who
    sees an LES report of each side: there is one candidate per label."""
    ingest(empty_store, records(
        report("R-40", "Muhammad Al-Rashid met with a courier in Karachi.", side="INTEL",
               marking="TOP SECRET//SI//NOFORN"),
        report("R-41", "Muhammad Al-Rashid was stopped at the Ambassador Bridge."),
        report("R-42", "Mohammed Al-Rashid travelled to Detroit last week."),
    ), extractor)
    le_analyst = Viewer.from_attributes("le", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    page = list_candidates(empty_store, le_analyst)
    assert page.total >= 1
    assert all(le_analyst.can_see(c.vis) for c in page.items)


def test_two_workers_write_the_graph_one_process_writes(empty_store: Store, extractor: Extractor) -> None:
    """The job streams through one `nlp.pipe`: with workers, the same reports land, in
    batches, with the same entities and mentions."""
    corpus = records(*(
        report(f"W-{i}", f"{name} Hassan called (713) 555-{i:04d} near the Port of Houston.")
        for i, name in enumerate(["Ali", "Omar", "Samir", "Karim", "Yusuf"] * 5)
    ))
    single = ingest(empty_store, corpus, extractor, batch_size=4)
    alone = counts(empty_store), keys(empty_store, "Person")
    empty_store.run_batched("wipe_data", {})
    done: list[int] = []
    parallel = ingest(
        empty_store, corpus, Extractor(batch_size=2, n_process=2), batch_size=4, on_progress=done.append
    )
    assert single.ingested == 25
    assert (parallel.ingested, parallel.mentions) == (single.ingested, single.mentions)
    assert (counts(empty_store), keys(empty_store, "Person")) == alone
    assert sum(done) == len(corpus)


def test_both_sides_of_the_write_benchmark_land_the_same_graph(
    empty_store: Store, extractor: Extractor
) -> None:
    """The per-row loop and the batched write do the same work, so their ratio is fair."""
    corpus = records(STOP, TIP)
    texts = [r.report.text for r in corpus]
    batch = [resolve(r.report, ex) for r, ex in zip(corpus, extractor.extract_many(texts), strict=True)]
    write_per_row(empty_store, batch)
    per_row = counts(empty_store)
    empty_store.run_batched("wipe_data", {})
    write_rows_batched(empty_store, batch)
    assert counts(empty_store) == per_row
    assert per_row["Report"] == 2
    assert per_row["MENTIONS"] >= 6
