"""Need-to-know at write time, over HTTP: what ingest and resolution decide for a report
never depends on what that report's readers may not see, and no write changes or reveals
what its writer may not read (issue #25, reproductions 1-5).

Each test submits reports through `POST /v1/ingest` as feeds of different clearances and
reads the outcome as analysts do; 6, 9 and 10 (credentials in the audit, control
characters, a body of many records) are here too, as they are write-side as well.
"""

from __future__ import annotations

import stat
import time
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from graph_service.audit import AUDIT_FILE, AuditLog, iter_records
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from tests.conftest import ApiServer

LES = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
TS_SI = "TOP SECRET//SI//NOFORN"


@dataclass
class Desk:
    """API keys by name; `client(name)` talks to the server as that principal."""

    url: str
    keys: dict[str, str]

    def client(self, name: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.keys[name]}"}, timeout=60
        )

    def ingest(self, feed: str, *records: dict[str, Any]) -> dict[str, Any]:
        """Submit `records` as `feed` and wait for the job to finish."""
        with self.client(feed) as client:
            response = client.post("/v1/ingest", json=list(records))
            assert response.status_code == 202, response.text
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                job: dict[str, Any] = client.get(f"/v1/jobs/{response.json()['id']}").json()
                if job["state"] in ("done", "failed"):
                    assert job["state"] == "done", job["failure"]
                    return job
                time.sleep(0.2)
        raise AssertionError("job did not finish")


@pytest.fixture(scope="module")
def desk(settings: Settings, api: ApiServer) -> Desk:
    principals = PrincipalStore.from_settings(settings)
    made = {
        "les_feed": principals.add(
            "w-les-feed", [Role.INGEST], "U", citizenship=["USA"], authorizations=["LES"]
        ),
        "s_feed": principals.add("w-s-feed", [Role.INGEST], "S", citizenship=["USA"]),
        "ts_feed": principals.add("w-ts-feed", [Role.INGEST], "TS", compartments=["SI"], citizenship=["USA"]),
        "les": principals.add("w-les", [Role.ANALYST], "U", citizenship=["USA"], authorizations=["LES"]),
        "s": principals.add("w-s", [Role.ANALYST], "S", citizenship=["USA"]),
        "ts": principals.add("w-ts", [Role.ANALYST], "TS", compartments=["SI"], citizenship=["USA"]),
    }
    return Desk(api.url, {name: key for name, (_, key) in made.items()})


def report(report_id: str, text: str, marking: str = LES, **changes: object) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": report_id, "agency": "Houston Police Department",
        "side": "LE" if "LAW ENFORCEMENT" in marking else "INTEL", "marking": marking, "area": "TX",
        "reported_at": "2026-03-04T10:22:00Z", "title": "Report", "text": text,
    }
    record.update(changes)
    return record


def hits(client: httpx.Client, q: str) -> list[dict[str, Any]]:
    response = client.get("/v1/entities", params={"q": q, "kind": "Person"})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def timeline(client: httpx.Client, key: str) -> list[tuple[str, str]]:
    response = client.get(f"/v1/entities/{key}/timeline")
    assert response.status_code == 200, response.text
    return [(item["report"]["id"], item["report"]["title"]) for item in response.json()["items"]]


def candidates(client: httpx.Client, key: str) -> list[tuple[str, str, str]]:
    response = client.get("/v1/candidates", params={"entity": key})
    assert response.status_code == 200, response.text
    return [(c["a"], c["b"], c["status"]) for c in response.json()["items"]]


def test_a_report_with_the_id_of_a_higher_one_is_stored_beside_it(desk: Desk, empty_store: Store) -> None:
    """1. A SECRET feed sends a report with a TOP SECRET//SI report's id: both stay, each
    for its readers, and the SECRET feed's job reads exactly as for a new id."""
    desk.ingest("ts_feed", report("DUP-1", "A source said Imran Qadir wired money to Vienna.", TS_SI,
                                          title="Original"))
    job = desk.ingest("s_feed", report("DUP-1", "Jane Doe filed a complaint in Houston.", "SECRET",
                                       title="Replacement"))
    assert (job["ingested"], job["unchanged"], job["rejected"]) == (1, 0, 0)
    with desk.client("ts") as ts, desk.client("s") as s:
        (imran,) = hits(ts, "Imran Qadir")
        assert timeline(ts, imran["key"]) == [("DUP-1", "Original")]
        (jane,) = hits(s, "Jane Doe")
        assert timeline(s, jane["key"]) == [("DUP-1", "Replacement")]
        assert hits(s, "Imran Qadir") == []
        # The TOP SECRET analyst sees both reports of the id, each with its own text.
        assert timeline(ts, jane["key"]) == [("DUP-1", "Replacement")]
    # The SECRET feed's own re-send replaces its own report, and only that one.
    desk.ingest("s_feed", report("DUP-1", "Jane Doe withdrew the complaint in Houston.", "SECRET",
                                 title="Corrected"))
    with desk.client("ts") as ts:
        assert timeline(ts, imran["key"]) == [("DUP-1", "Original")]
        assert timeline(ts, jane["key"]) == [("DUP-1", "Corrected")]


def test_a_hidden_namesake_leaves_a_low_key_alone(desk: Desk, empty_store: Store) -> None:
    """2. A TOP SECRET//SI report names Karim Haddad born 1970; a later LES report names
    Karim Haddad born 1995. The LES reader's key is the one a person with no namesake has."""
    desk.ingest("ts_feed", report("NS-1", "Karim Haddad, born 1970, travelled to Vienna.", TS_SI))
    desk.ingest("les_feed", report("NS-2", "Karim Haddad, born 1995, was stopped for speeding in Houston."))
    with desk.client("les") as les:
        assert [h["key"] for h in hits(les, "Karim Haddad")] == ["person:karim haddad"]


def test_a_hidden_judgement_does_not_block_low_candidates(desk: Desk, empty_store: Store) -> None:
    """3. A TOP SECRET//SI analyst rejects (Yusuf Karimov, Yousef Karimov); later LES
    reports name both. The LES analyst is offered the pair."""
    desk.ingest(
        "ts_feed",
        report("JB-1", "An informant said Yusuf Karimov met a courier in Vienna.", TS_SI),
        report("JB-2", "A source said Yousef Karimov wired money to Vienna.", TS_SI),
    )
    with desk.client("ts") as ts:
        ((a, b, status),) = candidates(ts, "person:yusuf karimov")
        assert status == "open"
        verdict = ts.post("/v1/judgements", json={"a": a, "b": b, "verdict": "rejected"})
        assert verdict.status_code == 201, verdict.text
    desk.ingest(
        "les_feed",
        report("JB-3", "Officers arrested Yusuf Karimov in Houston on Tuesday."),
        report("JB-4", "Officers stopped Yousef Karimov in Houston."),
    )
    with desk.client("les") as les:
        assert candidates(les, "person:yusuf karimov") == [(a, b, "open")]


def test_a_hidden_judgement_leaves_a_visible_candidate_judgeable(desk: Desk, empty_store: Store) -> None:
    """4. The LES analyst sees an open candidate that a TOP SECRET//SI analyst has judged
    under their own label: the LES analyst may judge it too, and each sees their verdict."""
    desk.ingest(
        "les_feed",
        report("JV-1", "Officers stopped Kareem Nassar in Houston."),
        report("JV-2", "Karim Nassar was cited for speeding in Dallas."),
    )
    desk.ingest(
        "ts_feed",
        report("JV-3", "Officers arrested Karim Nassar in Vienna on Tuesday.", TS_SI),
        report("JV-4", "A source said Kareem Nassar wired money to Vienna.", TS_SI),
    )
    pair = {"a": "person:karim nassar", "b": "person:kareem nassar"}
    with desk.client("ts") as ts, desk.client("les") as les:
        assert ts.post("/v1/judgements", json={**pair, "verdict": "rejected"}).status_code == 201
        ((_, _, status),) = candidates(les, "person:karim nassar")
        assert status == "open"
        judged = les.post("/v1/judgements", json={**pair, "verdict": "confirmed"})
        assert judged.status_code == 201, judged.text
        assert [c[2] for c in candidates(les, "person:karim nassar")] == ["confirmed"]
        assert [c[2] for c in candidates(ts, "person:karim nassar")] == ["rejected"]


def test_hidden_entities_do_not_crowd_out_visible_candidates(desk: Desk, empty_store: Store) -> None:
    """5. Five TOP SECRET//SI spelling variants that score as high as the LES one and sort
    before it do not take the LES analyst's candidates."""
    variants = ["Mohamad Al Rashid", "Mohamed Al Rashid", "Mohammad Al Rashid", "Mohammed Al Rasheed",
                "Mohammed Al Rashid"]
    desk.ingest("ts_feed", *(
        report(f"CR-{i}", f"An informant said {name} met a courier in Vienna.", TS_SI)
        for i, name in enumerate(variants)
    ))
    desk.ingest("les_feed", report("CR-10", "Officers stopped Muhamed Al Rashid in Houston."))
    desk.ingest("les_feed", report("CR-11", "Officers arrested Muhammad Al Rashid in Houston on Tuesday."))
    with desk.client("les") as les:
        assert candidates(les, "person:muhammad al rashid") == [
            ("person:muhamed al rashid", "person:muhammad al rashid", "open")
        ]


def audit_text(settings: Settings) -> str:
    return (AuditLog.from_settings(settings).dir / AUDIT_FILE).read_text(encoding="utf-8")


def test_a_credential_anywhere_in_a_request_never_reaches_the_audit(
    desk: Desk, settings: Settings
) -> None:
    """6. An API key in the query string (refused, 401) or pasted into a search, a bearer
    token in a parameter, a password by name: the audit records that they were there, not
    what they were."""
    key = desk.keys["les"]
    secret_part = key.split("_", 2)[2]
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl"
    refused = httpx.get(f"{desk.url}/v1/entities", params={"q": "x", "api_key": key})
    assert refused.status_code == 401
    with desk.client("les") as les:
        assert les.get("/v1/entities", params={"q": f"who is {key}"}).status_code == 200
        les.get("/v1/entities", params={"q": "x", "password": "hunter2-hunter2", "t": f"Bearer {token}"})
        les.get(f"/v1/{key}")
    log = audit_text(settings)
    for leaked in (key, secret_part, token, "hunter2-hunter2"):
        assert leaked not in log
    assert '"api_key":"[redacted]"' in log
    assert AuditLog.from_settings(settings).verify().ok


def test_control_characters_from_a_feed_reach_no_name_and_no_export(desk: Desk, empty_store: Store) -> None:
    """9. A feed's U+0001 and U+000B become spaces before extraction: the names read
    cleanly and the GraphML and GEXF exports parse as XML."""
    desk.ingest("les_feed", report(
        "CC-1",
        "Officers stopped Karim Haddad\u0001 in Houston with Omar Nassar.\u000b He called (713) 555-0143.",
        title="Stop\u000b at the depot",
    ))
    with desk.client("les") as les:
        (omar,) = hits(les, "Omar Nassar")
        for fmt in ("graphml", "gexf"):
            exported = les.get(f"/v1/exports/neighbourhood/{omar['key']}", params={"format": fmt})
            assert exported.status_code == 200, exported.text
            root = ElementTree.fromstring(exported.content)  # raises on a control character
            names = [el.text or "" for el in root.iter() if el.text]
            assert not any(ch in text for text in names for ch in "\u0001\u000b")
            assert "Karim Haddad" in exported.text
        ((_, title),) = timeline(les, omar["key"])
        assert title == "Stop  at the depot"


def test_a_small_body_of_many_records_is_refused_before_any_work(
    desk: Desk, settings: Settings
) -> None:
    """10. 200,000 empty objects (1.4 MB) are refused at once with a 413 naming the limit,
    and nothing of them is stored; the rejected records of an accepted job are private."""
    rejected_dir = settings.var_dir / "rejected"
    before = {p: p.stat().st_size for p in rejected_dir.glob("*.jsonl")} if rejected_dir.exists() else {}
    started = time.monotonic()
    with desk.client("les_feed") as feed:
        response = feed.post("/v1/ingest", content=b"[" + b",".join([b"{}"] * 200_000) + b"]",
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    assert "5000 records" in response.json()["detail"]
    assert time.monotonic() - started < 10
    after = {p: p.stat().st_size for p in rejected_dir.glob("*.jsonl")} if rejected_dir.exists() else {}
    assert after == before
    job = desk.ingest("les_feed", report("RJ-1", "Officers stopped Omar Nassar."), {"id": "RJ-2"})
    assert job["rejected"] == 1
    assert stat.S_IMODE(rejected_dir.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in rejected_dir.glob("*.jsonl")} == {0o600}


def test_the_audit_records_what_each_write_changed(
    desk: Desk, settings: Settings, empty_store: Store
) -> None:
    """7. An ingest request names its job and the reports it accepted (id and marking), the
    job names each report it replaced with both versions' hashes, a judgement its pair,
    verdict and label; and the log still verifies."""
    first = desk.ingest("les_feed", report("AU-1", "Officers stopped Kareem Nassar in Houston."),
                        report("AU-2", "Karim Nassar was cited for speeding in Dallas."))
    desk.ingest("les_feed", report("AU-1", "Officers stopped Kareem Nassar in Dallas."))
    with desk.client("les") as les:
        ((a, b, _),) = candidates(les, "person:karim nassar")
        assert les.post("/v1/judgements", json={"a": a, "b": b, "verdict": "rejected"}).status_code == 201
    log = AuditLog.from_settings(settings)
    changes = [c for r in iter_records(log.dir) for c in r.get("changes", ())]
    accepted = next(c for c in changes if c.get("job") == first["id"])
    assert accepted["reports"] == [{"id": "AU-1", "marking": LES}, {"id": "AU-2", "marking": LES}]
    (replaced,) = [c for c in changes if c.get("replaced") == "AU-1"]
    assert replaced["vis"] == replaced["old_vis"] == ["dissem:LES", "lvl:U"]
    assert replaced["old_sha256"] != replaced["new_sha256"]
    assert {"judgement": "rejected", "a": a, "b": b, "vis": ["dissem:LES", "lvl:U"]} in changes
    assert log.verify().ok


def all_candidates(client: httpx.Client) -> list[tuple[str, str]]:
    response = client.get("/v1/candidates")
    assert response.status_code == 200, response.text
    return [(c["a"], c["b"]) for c in response.json()["items"]]


def test_a_candidate_goes_with_the_reports_that_supported_it(desk: Desk, empty_store: Store) -> None:
    """A SECRET feed corrects a report so that it no longer names one of a candidate pair,
    then a TOP SECRET//SI feed re-marks the other: each time the candidate no remaining
    report supports goes, and every analyst's list still loads."""
    desk.ingest(
        "s_feed",
        report("SUP-1", "A source said Yusuf Karimov met a courier in Vienna.", "SECRET"),
        report("SUP-2", "A source said Yousef Karimov wired money to Vienna.", "SECRET"),
    )
    pair = ("person:yousef karimov", "person:yusuf karimov")
    with desk.client("s") as s, desk.client("ts") as ts:
        assert all_candidates(s) == all_candidates(ts) == [pair]
    desk.ingest("s_feed", report("SUP-1", "A source said Imran Qadir met a courier in Vienna.", "SECRET"))
    with desk.client("s") as s, desk.client("ts") as ts:
        assert all_candidates(s) == all_candidates(ts) == []
    # Named again, then moved up to TOP SECRET//SI: the SECRET candidate goes, and the
    # pair is suggested again under the AND of the two labels, for TOP SECRET//SI only.
    desk.ingest("s_feed", report("SUP-1", "A source said Yusuf Karimov met a courier in Vienna.", "SECRET"))
    with desk.client("s") as s:
        assert all_candidates(s) == [pair]
    desk.ingest("ts_feed", report("SUP-1", "A source said Yusuf Karimov met a courier in Vienna.", TS_SI))
    with desk.client("s") as s, desk.client("ts") as ts:
        assert all_candidates(s) == []
        assert all_candidates(ts) == [pair]
