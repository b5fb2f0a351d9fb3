"""MISP event exports through pymisp's model: attributes to normalised identifiers, the
event's org as agency, TLP tags and distribution to markings, every attribute accounted for."""

from __future__ import annotations

import json
from pathlib import Path

from graph_service.domain import Extraction
from ingest.pipeline import with_structure
from ingest.readers import Ledger, ReadRecord, Rejection, read_bytes, read_path
from ingest.resolve import resolve

EVENTS = Path(__file__).resolve().parent.parent / "data" / "partners" / "misp-events.json"
FIRST = "misp-event--5e1a0d4e-0f40-4a8e-9c2b-8a7c0d1e0001"


def read_events(default_marking: str | None = None) -> tuple[list[ReadRecord | Rejection], Ledger]:
    ledger = Ledger()
    return list(ledger.watch(read_path(EVENTS, feed=ledger.feed(default_marking)))), ledger


def keys(record: ReadRecord) -> set[str]:
    return {key for key, _ in resolve(record.report, with_structure(record, Extraction())).mentions}


def test_attributes_become_normalised_identifiers_of_our_kinds() -> None:
    results, _ = read_events()
    record = results[0]
    assert isinstance(record, ReadRecord)
    assert keys(record) == {
        "ipaddress:198.51.100.23", "ipaddress:203.0.113.40",  # ip-dst, ip-src|port
        "domain:pay-portal.top", "domain:leak-site.top",  # domain, url's host
        "email:negotiator@pay-portal.top", "phone:+12025550143",
        "account:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "account:DE89370400440532013000",
        "person:dmitri volkov", "document:P1234567",  # the person object
    }


def test_the_event_is_one_record_with_its_org_text_and_markings() -> None:
    results, _ = read_events()
    record = results[0]
    assert isinstance(record, ReadRecord)
    report = record.report
    assert (report.id, report.agency, report.title) == (
        FIRST, "CIRCL", "Ransomware affiliate infrastructure and payment wallets")
    # info first, then the comments of attributes and objects
    assert report.text.splitlines()[1:] == [
        "Affiliate panel", "Ransom payments", "Affiliate who rents the panel"]
    # tlp:green on the event, tlp:amber on the wallet: the record is as strict as AMBER.
    assert report.marking == "CUI"
    assert record.object_type == "event"


def test_every_attribute_is_accounted_for_and_an_untagged_event_needs_a_default() -> None:
    results, ledger = read_events()
    account = ledger.files[str(EVENTS)]
    skipped = {kind: reason for (kind, reason), _ in account.skipped.items()}
    assert skipped == {
        "attribute:md5": "attribute type 'md5' is not an entity kind of ours",
        "attribute:ip-dst": "'not-an-address' is not a valid ip-dst value",
    }
    rejected = results[1]
    assert isinstance(rejected, Rejection)
    assert (rejected.location, rejected.field) == ("event 2", "Tag")
    assert "no TLP tag" in rejected.message

    results, ledger = read_events("UNCLASSIFIED")
    second = results[1]
    assert isinstance(second, ReadRecord)
    # distribution 0 (the originator's organisation only) adds ORCON to the default.
    assert second.report.marking == "CUI//ORCON"
    assert keys(second) == {"domain:relay.pay-portal.top"}
    assert ledger.files[str(EVENTS)].defaulted == 1


def test_one_event_without_the_response_wrapper_and_a_red_one() -> None:
    response = json.loads(EVENTS.read_text())
    event = response["response"][0]
    (record,) = read_bytes(json.dumps(event).encode(), source="event.json")
    assert isinstance(record, ReadRecord)
    event["Event"]["Tag"] = [{"name": "tlp:red"}]
    (red,) = read_bytes(json.dumps([event]).encode(), source="events.json")
    assert isinstance(red, Rejection)
    assert "tlp:red" in red.message
    (junk,) = read_bytes(json.dumps({"response": [7]}).encode(), source="odd.json")
    assert isinstance(junk, Rejection)
    assert junk.message == "not a MISP event: expected an object"
