"""Partners' STIX as they send it: bundles of any shape, every object accounted for,
relationships as RELATED edges, aliases, sightings, ACS 3.0 markings per object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain import RelationKind
from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import FeedOptions, Ledger, ReadRecord, Rejection, read_bytes, read_path
from ingest.readers.schema import RecordError
from ingest.readers.stix_markings import ACS_EXTENSION, acs_banner
from ingest.resolve import label_of
from queries.entities import profile, search

DATA = Path(__file__).resolve().parent.parent / "data" / "partners"
DISCO = DATA / "disco-team.stix.json"
ACS = DATA / "acs-mixed.stix.json"
PUBLIC = Viewer.from_attributes("u-analyst", Level.UNCLASSIFIED, [], ["USA"], [])
SECRET = Viewer.from_attributes("s-analyst", Level.SECRET, [], ["USA"], ["CUI"])


def read_all(path: Path, default_marking: str | None = None) -> tuple[list[Any], Ledger]:
    ledger = Ledger()
    results = list(ledger.watch(read_path(path, feed=ledger.feed(default_marking))))
    return results, ledger


def objects_in(path: Path) -> int:
    return len(json.loads(path.read_text())["objects"])


# -- every object accounted for -----------------------------------------------------------


def test_a_bundle_without_a_report_lands_every_object_or_says_why() -> None:
    results, ledger = read_all(DISCO)
    account = ledger.files[str(DISCO)]

    assert account.objects == objects_in(DISCO) == 18
    assert account.rejected == 0
    assert dict(account.records) == {"identity": 2, "threat-actor": 1, "location": 1,
                                     "indicator": 1, "relationship": 3, "sighting": 1}
    reasons = {kind: reason for (kind, reason) in account.skipped}
    assert reasons["malware"] == "software, not an entity kind of ours"
    assert reasons["intrusion-set"] == "revoked by its creator: no longer valid"
    assert reasons["x-acme-widget"] == "custom object type x-acme-widget"
    assert "class 'class'" in reasons["identity"]
    assert "older copy" in reasons["location"]
    skipped_relationships = [r for (k, r) in account.skipped if k == "relationship"]
    assert any("malware--" in r and "not an entity of ours" in r for r in skipped_relationships)
    assert ledger.empty() == []
    # The latest version of the location is the one read.
    titles = {r.report.title for r in results if isinstance(r, ReadRecord)}
    assert "location: Rome" in titles


def test_aliases_and_relations_as_the_partner_stated_them() -> None:
    results, _ = read_all(DISCO)
    by_id = {r.report.id: r for r in results if isinstance(r, ReadRecord)}
    actor = by_id["threat-actor--dfaa8d77-07e2-4e28-b2c8-92e9f7b04428"]
    assert [(e.name, e.alias) for e in actor.structured] == [
        ("Disco Team Threat Actor Group", False), ("Equipo del Discoteca", True)]
    sighting = by_id["sighting--ee20065d-2555-424f-ad9e-0f8fd3e96a8b"]
    assert [(r.kind, r.source.split("--")[0], r.target.split("--")[0])
            for r in sighting.structured_relations] == [
        (RelationKind.SIGHTED_AT, "indicator", "identity")]
    assert sighting.report.title == "198.51.100.3 sighted at Alpha Threat Analysis Org."


def test_a_file_that_yields_nothing_is_seen() -> None:
    ledger = Ledger()
    only_malware = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000001",
                    "objects": [{"type": "malware", "spec_version": "2.1", "is_family": True,
                                 "id": "malware--00000000-0000-4000-8000-000000000002",
                                 "created": "2024-01-01T00:00:00Z",
                                 "modified": "2024-01-01T00:00:00Z", "name": "Poison Ivy"}]}
    feed = ledger.feed(None)
    feed.on_open("only-malware.stix.json")
    results = list(ledger.watch(read_bytes(json.dumps(only_malware).encode(),
                                           source="only-malware.stix.json", feed=feed)))
    assert results == []
    assert ledger.empty() == ["only-malware.stix.json"]
    assert ledger.files["only-malware.stix.json"].objects == 1


# -- markings -----------------------------------------------------------------------------


def test_an_unmarked_object_takes_the_stated_default_marking_or_is_rejected() -> None:
    unmarked = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000003",
                "objects": [{"type": "ipv4-addr", "spec_version": "2.1",
                             "id": "ipv4-addr--00000000-0000-4000-8000-000000000004",
                             "value": "203.0.113.5"}]}
    data = json.dumps(unmarked).encode()
    (rejected,) = read_bytes(data, source="feed.stix.json")
    assert isinstance(rejected, Rejection)
    assert "no default marking was stated" in rejected.message
    defaulted: list[ReadRecord] = []
    feed = FeedOptions("UNCLASSIFIED//LES", on_default=defaulted.append)
    (record,) = read_bytes(data, source="feed.stix.json", feed=feed)
    assert isinstance(record, ReadRecord)
    assert record.report.marking == "UNCLASSIFIED//LES"
    assert defaulted == [record]


def acs(**control_set: Any) -> dict[str, Any]:
    return {"extension_type": "property-extension", "control_set": control_set}


@pytest.mark.parametrize(("extension", "banner"), [
    (acs(classification="U", formal_determination=["PUBREL", "AIS"]), "UNCLASSIFIED"),
    (acs(classification="S", permitted_nationalities=["USA"]), "SECRET//NOFORN"),
    (acs(classification="S", permitted_nationalities=["USA", "GBR"]), "SECRET//REL TO USA, GBR"),
    (acs(classification="TS", sci_controls=["SI"]), "TOP SECRET//SI"),
    (acs(classification="U", formal_determination=["FOUO"]), "CUI"),
    (acs(classification="U", sensitivity=["LES"]), "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"),
    (acs(classification="C", entity=["ALL"], shareability=["ALL"]), "CONFIDENTIAL"),
    (acs(classification="U") | {"further_sharing": [{"sharing_scope": ["USA.USG"],
                                                     "rule_effect": "permit"}]},
     "UNCLASSIFIED//NOFORN"),
    (acs(classification="U") | {"further_sharing": [{"sharing_scope": ["ALL"],
                                                     "rule_effect": "deny"}]},
     "UNCLASSIFIED//ORCON"),
    (acs(classification="S") | {"access_privilege": [
        {"privilege_action": "CISAUSES", "rule_effect": "permit",
         "privilege_scope": {"permitted_nationalities": ["USA", "AUS"], "entity": ["ALL"]}}]},
     "SECRET//REL TO USA, AUS"),
])
def test_acs_controls_map_to_banners(extension: dict[str, Any], banner: str) -> None:
    assert acs_banner(extension, "marking-definition--x", "object_marking_refs") == banner


@pytest.mark.parametrize(("extension", "named"), [
    (acs(classification="U", caveat=["FISA"]), "caveat 'FISA'"),
    (acs(classification="U", sensitivity=["PII"]), "sensitivity 'PII'"),
    (acs(classification="U", entity=["MIL"]), "control_set.entity 'MIL'"),
    (acs(classification="U", formal_determination=["SECRET-SAUCE"]), "'SECRET-SAUCE'"),
    (acs(classification="X"), "unknown classification 'X'"),
    (acs(classification="S", formal_determination=["PUBREL"]), "PUBREL"),
    (acs(classification="U") | {"access_privilege": [
        {"privilege_action": "DSPLY", "rule_effect": "deny", "privilege_scope": {}}]},
     "rule effect 'deny'"),
    (acs(classification="U") | {"access_privilege": [
        {"privilege_action": "DSPLY", "privilege_scope": {"permitted_organizations": ["USA.DOD"]}}]},
     "'USA.DOD'"),
])
def test_an_unmapped_acs_control_fails_closed_naming_it(extension: dict[str, Any], named: str) -> None:
    with pytest.raises(RecordError) as raised:
        acs_banner(extension, "marking-definition--x", "object_marking_refs")
    assert named in raised.value.message


def test_acs_markings_apply_per_object() -> None:
    results, ledger = read_all(ACS)
    assert ledger.files[str(ACS)].objects == objects_in(ACS)
    marked = {r.report.title: r.report.marking for r in results if isinstance(r, ReadRecord)}
    assert marked == {
        "threat-actor: Crimson Osprey": "SECRET//NOFORN",
        "ipv4-addr: 198.51.100.77": "UNCLASSIFIED",
        # A PUBREL relationship names the SECRET actor: it is as secret as its ends.
        "Crimson Osprey related-to 198.51.100.77": "SECRET//NOFORN",
        "email-addr: ops@osprey-relay.example": "CUI//NOFORN",
    }
    (rejected,) = [r for r in results if isinstance(r, Rejection)]
    assert rejected.location == "object domain-name--b1c2d3e4-0008-4a5b-8c6d-000000000008"
    assert "caveat 'FISA'" in rejected.message
    assert ACS_EXTENSION in json.loads(rejected.raw)["objects"][1]["extensions"]


# -- in the graph -------------------------------------------------------------------------


def related(store: Store) -> set[tuple[str, str, str, str, tuple[str, ...]]]:
    rows = store.read("test_related_edges", {"limit": 100})
    return {(r["source"], r["kind"], r["target"], r["report"], tuple(r["vis"])) for r in rows}


def test_relationships_become_related_edges_with_provenance(
    empty_store: Store, extractor: Extractor
) -> None:
    results, _ = read_all(DISCO)
    summary = ingest(empty_store, results, extractor)
    assert summary.ingested == 9
    edges = {(s, k, t, r) for s, k, t, r, _ in related(empty_store)}
    actor, ip = "organization:disco team threat actor", "ipaddress:198.51.100.3"
    assert {
        (actor, "MEMBER_OF", "organization:disco team",
         "relationship--a2e3efb5-351d-4d46-97a0-6897ee7c77a0"),
        (actor, "LOCATED_AT", "location:rome", "relationship--50ef7ab8-c1ed-4c5a-a0c0-6f5d0ae4d8f6"),
        (ip, "INDICATES", actor, "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad"),
        (ip, "SIGHTED_AT", "organization:alpha threat analysis org",
         "sighting--ee20065d-2555-424f-ad9e-0f8fd3e96a8b"),
    } <= edges
    # Every stated edge is one of the partner's relationships or sightings, none from prose.
    assert {r.split("--")[0] for _, _, _, r in edges} == {"relationship", "sighting"}
    # The alias resolved to the actor: one entity, found by either name.
    hit = search(empty_store, PUBLIC, "Equipo del Discoteca").items[0]
    assert hit.key == actor
    assert "Equipo del Discoteca" in (hit.name, *hit.aliases)


def test_a_public_viewer_sees_the_pubrel_address_and_nothing_of_the_secret_actor(
    empty_store: Store, extractor: Extractor
) -> None:
    """Noninterference on the ACS bundle: what a U viewer gets from the whole bundle equals
    what it gets from a graph holding only the objects it may see."""
    results, _ = read_all(ACS)
    ingest(empty_store, results, extractor)
    full = answers(empty_store)
    assert search(empty_store, SECRET, "Crimson Osprey").items[0].key == "organization:crimson osprey"
    secret_ip = profile(empty_store, SECRET, "ipaddress:198.51.100.77")
    assert secret_ip is not None
    assert secret_ip.reports == 2  # its own record, the relationship
    assert "organization:crimson osprey" in [link.key for link in secret_ip.links]

    empty_store.run_batched("wipe_data", {})
    visible = [r for r in results if isinstance(r, ReadRecord)
               and PUBLIC.can_see(label(r.report.marking))]
    assert [r.report.title for r in visible] == ["ipv4-addr: 198.51.100.77"]
    ingest(empty_store, visible, extractor)
    assert answers(empty_store) == full
    public_ip = full[2]
    assert full[0] == 0
    assert public_ip is not None
    assert public_ip.reports == 1


def answers(store: Store) -> tuple[Any, ...]:
    return (search(store, PUBLIC, "Crimson Osprey").total,
            search(store, PUBLIC, "198.51.100.77").items,
            profile(store, PUBLIC, "ipaddress:198.51.100.77"),
            profile(store, PUBLIC, "organization:crimson osprey"))


def label(marking: str) -> tuple[str, ...]:
    return label_of(marking)[1]
