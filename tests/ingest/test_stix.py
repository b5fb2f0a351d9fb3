"""STIX 2.1 bundles: reports become records, markings deny by default, round trips hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.domain import EntityKind, RelationKind, Side
from graph_service.visibility import parse_marking
from ingest.readers import (
    ReadRecord,
    RejectedStore,
    Rejection,
    StructuredEntity,
    StructuredRelation,
    read_bytes,
    read_path,
)
from ingest.readers.stix import TLP_BANNERS, read_bundle
from tests.ingest.stix_writer import to_stix_bundle

DATA = Path(__file__).resolve().parent.parent / "data" / "readers"
CUSTOM = DATA / "custom.stix.json"
TIME = "2024-05-01T12:00:00.000Z"
TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TLP2_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


def uid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def statement(n: int, text: str) -> dict[str, Any]:
    return {"type": "marking-definition", "spec_version": "2.1",
            "id": f"marking-definition--{uid(n)}", "created": TIME,
            "definition_type": "statement", "definition": {"statement": text}}


def sdo(kind: str, n: int, **props: Any) -> dict[str, Any]:
    return {"type": kind, "spec_version": "2.1", "id": f"{kind}--{uid(n)}",
            "created": TIME, "modified": TIME, **props}


def report(n: int = 1, *, refs: list[str] | None = None,
           markings: list[str] | None = None, **props: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": f"Report {n}", "description": "Tidewater Cell scouted a substation.",
        "published": TIME, "object_refs": refs or [f"location--{uid(900)}"],
        "object_marking_refs": [TLP_GREEN] if markings is None else markings,
    }
    fields.update(props)
    return sdo("report", n, **fields)


def bundle(*objects: Any, **props: Any) -> dict[str, Any]:
    return {"type": "bundle", "id": f"bundle--{uid(0)}", "objects": list(objects), **props}


def read(document: dict[str, Any]) -> list[ReadRecord | Rejection]:
    return list(read_bundle(document, source="feed.stix.json"))


def one(document: dict[str, Any]) -> ReadRecord | Rejection:
    """The result of the bundle's one report (its other objects have records of their own)."""
    (result,) = [r for r in read(document) if r.location.startswith("object report--")]
    return result


def one_record(document: dict[str, Any]) -> ReadRecord:
    result = one(document)
    assert isinstance(result, ReadRecord), str(result)
    return result


def one_rejection(document: dict[str, Any]) -> Rejection:
    result = one(document)
    assert isinstance(result, Rejection), result
    return result


# -- the fixture bundle -------------------------------------------------------------------


def custom_results() -> tuple[dict[str, ReadRecord], dict[str, Rejection]]:
    results = list(read_path(CUSTOM))
    records = {r.report.id: r for r in results if isinstance(r, ReadRecord)}
    rejections = {r.location: r for r in results if isinstance(r, Rejection)}
    assert len(records) + len(rejections) == len(results)
    return records, rejections


def test_custom_bundle_lands_the_good_reports() -> None:
    records, _ = custom_results()
    first = records["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000400"]

    assert first.report.agency == "Example ISAC"
    assert first.report.side is Side.LE  # x_nexus_side
    assert first.report.area == "VA"
    assert first.report.marking == "UNCLASSIFIED"  # TLP:GREEN; the copyright notice is no marking
    assert first.report.reported_at == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert first.report.title == "Tidewater Cell targets Norfolk substations"
    assert first.report.text.startswith("Ali Hassan, a member of Tidewater Cell")
    assert [(e.kind, e.name) for e in first.structured] == [
        (EntityKind.ORGANIZATION, "Tidewater Cell"),
        (EntityKind.PERSON, "Ali Hassan"),
        (EntityKind.LOCATION, "Norfolk, VA, US"),
        (EntityKind.IP_ADDRESS, "203.0.113.7"),
        (EntityKind.DOMAIN, "tidewater.example"),
        (EntityKind.EMAIL, "ali@tidewater.example"),  # from the indicator pattern
    ]
    assert [(r.kind, r.source.split("--")[0], r.target.split("--")[0])
            for r in first.structured_relations] == [
        (RelationKind.MEMBER_OF, "identity", "threat-actor"),
        (RelationKind.LOCATED_AT, "threat-actor", "location"),
        (RelationKind.TARGETS, "threat-actor", "location"),
    ]

    second = records["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000401"]
    assert (second.report.agency, second.report.side) == ("unknown", Side.INTEL)
    # TLP:AMBER (by its standard id, not in the bundle) and a SECRET//NOFORN statement.
    assert second.report.marking == "SECRET//NOFORN//CUI"


def test_custom_bundle_rejects_each_bad_report_by_name() -> None:
    records, rejections = custom_results()
    assert len([r for r in records.values() if r.object_type == "report"]) == 2
    by_object = {location.removeprefix("object "): r for location, r in rejections.items()}

    missing = by_object["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000402"]
    assert missing.field == "object_marking_refs"
    assert "marking-definition--deadbeef-0000-4000-8000-000000000000" in missing.message
    assert "never guessed" in missing.message
    assert str(missing).startswith(f"{CUSTOM}:object report--")

    red = by_object["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000403"]
    assert "TLP:RED" in red.message

    unmarked = by_object["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000404"]
    assert (unmarked.field, "no marking" in unmarked.message) == ("object_marking_refs", True)

    unpublished = by_object["report--4b3a2c1d-0e9f-4a8b-8c7d-000000000405"]
    assert unpublished.field == "published"

    assert "is not a STIX object" in by_object["22"].message


def test_rejected_report_replays_once_its_marking_definition_is_added(tmp_path: Path) -> None:
    _, rejections = custom_results()
    store = RejectedStore(tmp_path, job_id="stix")
    store.extend(rejections.values())
    path = store.path()
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    (entry,) = [e for e in entries if "deadbeef" in e["message"] and "report--" in e["location"]]
    excerpt = json.loads(entry["raw"])
    excerpt["objects"].append(
        statement(0, "UNCLASSIFIED//LES") | {"id": "marking-definition--deadbeef-0000-4000-8000"
                                                   "-000000000000"}
    )
    entry["raw"] = json.dumps(excerpt)
    path.write_text(json.dumps(entry) + "\n", encoding="utf-8")

    (result,) = [r for r in store.replay(path) if r.location.startswith("object report--")]
    assert isinstance(result, ReadRecord), str(result)
    assert result.report.marking == "UNCLASSIFIED//LES"
    assert result.report.id == "report--4b3a2c1d-0e9f-4a8b-8c7d-000000000402"
    assert [e.name for e in result.structured] == ["Norfolk, VA, US"]
    assert result.location == "object report--4b3a2c1d-0e9f-4a8b-8c7d-000000000402"


# -- markings -----------------------------------------------------------------------------

TLP_IDS = [
    ("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "UNCLASSIFIED"),
    ("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "UNCLASSIFIED"),
    ("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "CUI"),
    ("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "UNCLASSIFIED"),
    ("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "UNCLASSIFIED"),
    ("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "CUI"),
    ("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "CUI//ORCON"),
]
TLP_RED_IDS = [
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
]


@pytest.mark.parametrize(("ref", "banner"), TLP_IDS)
def test_standard_tlp_ids_resolve_without_their_definitions(ref: str, banner: str) -> None:
    assert one_record(bundle(report(markings=[ref]))).report.marking == banner


@pytest.mark.parametrize("ref", TLP_RED_IDS)
def test_tlp_red_is_not_ingested(ref: str) -> None:
    rejection = one_rejection(bundle(report(markings=[ref])))
    assert "TLP:RED" in rejection.message


def test_every_tlp_banner_is_a_marking_the_visibility_model_parses() -> None:
    for banner in TLP_BANNERS.values():
        if banner is not None:
            assert parse_marking(banner).banner() == banner


def test_statement_banner_and_combination() -> None:
    secret = statement(1, "SECRET//NOFORN")
    assert one_record(bundle(secret, report(markings=[secret["id"]]))).report.marking == (
        "SECRET//NOFORN"
    )
    rel = statement(2, "SECRET//REL TO USA, GBR, AUS")
    top = statement(3, "TOP SECRET//SI//REL TO USA, GBR")
    combined = one_record(bundle(rel, top, report(markings=[rel["id"], top["id"]])))
    assert combined.report.marking == "TOP SECRET//SI//REL TO USA, GBR"
    # Classified without REL TO is US-only, so the combination is NOFORN.
    plain = statement(4, "TOP SECRET//SI")
    us_only = one_record(bundle(rel, plain, report(markings=[rel["id"], plain["id"]])))
    assert us_only.report.marking == "TOP SECRET//SI//NOFORN"


def test_statement_that_is_not_a_banner_is_rejected_quoting_it() -> None:
    typo = statement(1, "SECERT//NOFORN")
    rejection = one_rejection(bundle(typo, report(markings=[TLP_GREEN, typo["id"]])))
    assert rejection.field == "object_marking_refs"
    assert "'SECERT//NOFORN'" in rejection.message
    # A notice that mentions a control is still read as a (bad) banner, never skipped.
    sly = statement(2, "Copyright ACME, SECRET stuff")
    assert one_rejection(bundle(sly, report(markings=[TLP_GREEN, sly["id"]])))


def test_notice_alone_is_no_marking() -> None:
    notice = statement(1, "Copyright 2024 Example ISAC")
    rejection = one_rejection(bundle(notice, report(markings=[notice["id"]])))
    assert "only notice statements" in rejection.message


def test_markings_of_copied_objects_raise_the_record() -> None:
    # The actor's name was learned at SECRET: a TLP:GREEN report must not launder it.
    secret = statement(1, "SECRET//NOFORN")
    actor = sdo("threat-actor", 2, name="Tidewater Cell", object_marking_refs=[secret["id"]])
    result = one_record(bundle(secret, actor, report(refs=[actor["id"]])))
    assert result.report.marking == "SECRET//NOFORN"
    assert [e.name for e in result.structured] == ["Tidewater Cell"]


def test_granular_marking_counts_for_the_whole_report() -> None:
    secret = statement(1, "SECRET")
    granular = [{"marking_ref": secret["id"], "selectors": ["description"]},
                {"lang": "en", "selectors": ["name"]}]
    result = one_record(bundle(secret, report(granular_markings=granular)))
    assert result.report.marking == "SECRET"


def test_missing_definition_on_a_copied_object_rejects_the_report() -> None:
    actor = sdo("threat-actor", 2, name="Tidewater Cell",
                object_marking_refs=[f"marking-definition--{uid(77)}"])
    rejection = one_rejection(bundle(actor, report(refs=[actor["id"]])))
    assert rejection.field == f"object_marking_refs of {actor['id']}"
    assert f"marking-definition--{uid(77)}" in rejection.message


def test_forged_standard_tlp_definition_is_rejected() -> None:
    forged = {"type": "marking-definition", "spec_version": "2.1", "id": TLP2_GREEN,
              "created": TIME, "name": "TLP:GREEN",
              "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
                             {"extension_type": "property-extension", "tlp_2_0": "clear"}}}
    rejection = one_rejection(bundle(forged, report(markings=[TLP2_GREEN])))
    assert "standard TLP:GREEN id" in rejection.message


def test_unsupported_marking_type_and_non_marking_ref_are_rejected() -> None:
    acme = {"type": "marking-definition", "spec_version": "2.1", "id": f"marking-definition--"
            f"{uid(5)}", "created": TIME, "extensions": {f"extension-definition--{uid(6)}": {
                "extension_type": "property-extension", "acme_level": "internal"}}}
    rejection = one_rejection(bundle(acme, report(markings=[acme["id"]])))
    assert "unsupported type" in rejection.message
    invalid = acme | {"definition_type": "x-acme", "definition": {"a": 1}}
    del invalid["extensions"]
    rejection = one_rejection(bundle(invalid, report(markings=[invalid["id"]])))
    assert (rejection.field, acme["id"] in rejection.message) == ("object_marking_refs", True)
    place = sdo("location", 900, country="US")
    wrong = one_rejection(bundle(place, report(markings=[place["id"]])))
    assert (wrong.field, "location" in wrong.message) == ("object_marking_refs", True)


# -- objects ------------------------------------------------------------------------------


def test_entity_kinds() -> None:
    objects = [
        sdo("identity", 1, name="Jane Roe", identity_class="individual"),
        sdo("identity", 2, name="Acme Corp", identity_class="organization"),
        sdo("identity", 3, name="Banks", identity_class="class"),  # not an entity
        sdo("threat-actor", 4, name="Lone Wolf", resource_level="individual"),
        sdo("intrusion-set", 5, name="APT Example"),
        sdo("location", 6, region="northern-america"),
        sdo("location", 7, latitude=36.85, longitude=-76.29),
        {"type": "ipv6-addr", "spec_version": "2.1", "id": f"ipv6-addr--{uid(8)}",
         "value": "2001:db8::1"},
        {"type": "email-addr", "spec_version": "2.1", "id": f"email-addr--{uid(9)}",
         "value": "cell@example.org"},
        {"type": "url", "spec_version": "2.1", "id": f"url--{uid(10)}",
         "value": "https://Drop.Example.net:8443/x?y=1"},
        {"type": "url", "spec_version": "2.1", "id": f"url--{uid(11)}",
         "value": "http://198.51.100.9/payload"},
        sdo("infrastructure", 12, name="C2 server"),
        sdo("indicator", 13, pattern="[ipv4-addr:value = '198.51.100.0/24'] AND "
            "[domain-name:value = 'o\\'neil.example'] AND [url:value = 'http://x']",
            pattern_type="stix", valid_from=TIME),
    ]
    record = one_record(bundle(*objects, report(refs=[o["id"] for o in objects])))
    assert [(e.kind, e.name) for e in record.structured] == [
        (EntityKind.PERSON, "Jane Roe"),
        (EntityKind.ORGANIZATION, "Acme Corp"),
        (EntityKind.PERSON, "Lone Wolf"),
        (EntityKind.ORGANIZATION, "APT Example"),
        (EntityKind.LOCATION, "northern-america"),
        (EntityKind.LOCATION, "36.85,-76.29"),
        (EntityKind.IP_ADDRESS, "2001:db8::1"),
        (EntityKind.EMAIL, "cell@example.org"),
        (EntityKind.DOMAIN, "drop.example.net"),
        (EntityKind.IP_ADDRESS, "198.51.100.9"),
        (EntityKind.IP_ADDRESS, "198.51.100.0/24"),
        (EntityKind.DOMAIN, "o'neil.example"),
    ]


def test_observed_data_contributes_its_observables() -> None:
    ip = {"type": "ipv4-addr", "spec_version": "2.1", "id": f"ipv4-addr--{uid(1)}",
          "value": "203.0.113.9"}
    observed = sdo("observed-data", 2, first_observed=TIME, last_observed=TIME,
                   number_observed=1, object_refs=[ip["id"]])
    record = one_record(bundle(ip, observed, report(refs=[observed["id"]])))
    assert record.structured == (StructuredEntity(EntityKind.IP_ADDRESS, "203.0.113.9", ip["id"]),)


# stix2 warns (STIXDeprecationWarning) on 2.1 observed-data that embeds `objects`; the
# project's filterwarnings=error would turn that into a broken object.
@pytest.mark.filterwarnings("ignore::stix2.exceptions.STIXDeprecationWarning")
def test_deprecated_embedded_observables_are_accepted_but_not_read() -> None:
    observed = sdo("observed-data", 2, first_observed=TIME, last_observed=TIME,
                   number_observed=1,
                   objects={"0": {"type": "ipv4-addr", "value": "203.0.113.9"}})
    record = one_record(bundle(observed, report(refs=[observed["id"]])))
    assert record.structured == ()


def test_invalid_referenced_object_rejects_its_report_only() -> None:
    broken = sdo("threat-actor", 1)  # no name
    unused = sdo("identity", 2)  # no name either, but nobody refers to it
    results = read(bundle(broken, unused, report(1, refs=[broken["id"]]), report(2)))
    # Each broken object is one rejection of its own; of the reports only the first.
    assert [r.location.removeprefix("object ") for r in results] == [
        broken["id"], unused["id"], f"report--{uid(1)}", f"report--{uid(2)}"]
    _, _, rejection, good = results
    assert isinstance(rejection, Rejection)
    assert isinstance(good, ReadRecord)
    assert rejection.field == "object_refs"
    assert broken["id"] in rejection.message


def test_custom_properties_and_objects_do_not_crash() -> None:
    custom = {"type": "x-acme-widget", "id": f"x-acme-widget--{uid(1)}", "spec_version": "2.1",
              "gears": [{"teeth": 12}]}
    odd = {"type": "acme-unregistered", "id": f"acme-unregistered--{uid(3)}",
           "spec_version": "2.1"}
    result = one_record(bundle(
        custom, odd,
        report(refs=[custom["id"], odd["id"]], x_acme={"deep": [1, 2]},
               x_nexus_event_at="2024-04-30T22:00:00Z"),
    ))
    assert result.structured == ()
    assert result.report.event_at == datetime(2024, 4, 30, 22, tzinfo=UTC)


def test_bad_custom_side_names_the_stix_property() -> None:
    rejection = one_rejection(bundle(report(x_nexus_side="FED")))
    assert rejection.field == "x_nexus_side"
    too_long = one_rejection(bundle(report(description="x" * 200_001)))
    assert (too_long.field, "200,001" in too_long.message) == ("description", True)


def test_latest_version_of_an_object_wins() -> None:
    old = report(1, name="Draft", modified="2024-05-01T00:00:00Z")
    new = report(1, name="Final", modified="2024-05-02T00:00:00Z")
    assert one_record(bundle(new, old)).report.title == "Final"


def test_stix_2_0_bundle() -> None:
    objects = [
        {"type": "identity", "id": f"identity--{uid(1)}", "created": TIME, "modified": TIME,
         "name": "Jane Roe", "identity_class": "individual"},
        {"type": "report", "id": f"report--{uid(2)}", "created": TIME, "modified": TIME,
         "name": "Old feed", "published": TIME, "labels": ["threat-report"],
         "object_refs": [f"identity--{uid(1)}"], "object_marking_refs": [TLP_GREEN]},
    ]
    result = one_record(bundle(*objects, spec_version="2.0"))
    assert result.structured[0].name == "Jane Roe"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "not a STIX bundle"),
        ({"type": "bundle", "objects": {"a": 1}}, "expected an array"),
    ],
)
def test_not_a_bundle(document: Any, message: str) -> None:
    (rejection,) = read_bundle(document, source="x")
    assert isinstance(rejection, Rejection)
    assert message in rejection.message


def test_stix_file_decoding_and_syntax() -> None:
    assert list(read_bytes(b"", source="feed.stix.json")) == []
    (broken,) = read_bytes(b'{"type": "bundle",', source="feed.stix.json")
    assert isinstance(broken, Rejection)
    assert broken.message.startswith("invalid JSON")


# -- round trip ---------------------------------------------------------------------------


def small_bundle() -> dict[str, Any]:
    secret = statement(1, "SECRET//NOFORN")
    author = sdo("identity", 2, name="Example ISAC", identity_class="organization")
    jane = sdo("identity", 3, name="Jane Roe", identity_class="individual")
    cell = sdo("threat-actor", 4, name="Tidewater Cell")
    plant = sdo("location", 5, name="Elm St substation", country="US")
    ip = {"type": "ipv4-addr", "spec_version": "2.1", "id": f"ipv4-addr--{uid(6)}",
          "value": "203.0.113.7"}
    indicator = sdo("indicator", 7, pattern="[domain-name:value = 'cell.example'] OR "
                    "[email-addr:value = 'jane@cell.example']", pattern_type="stix",
                    valid_from=TIME)
    member = sdo("relationship", 8, relationship_type="attributed-to",
                 source_ref=jane["id"], target_ref=cell["id"])
    targets = sdo("relationship", 9, relationship_type="targets",
                  source_ref=cell["id"], target_ref=plant["id"])
    refs = [jane["id"], cell["id"], plant["id"], ip["id"], indicator["id"], member["id"]]
    return bundle(
        secret, author, jane, cell, plant, ip, indicator, member, targets,
        report(1, refs=refs, markings=[secret["id"]], created_by_ref=author["id"],
               x_nexus_side="LE", x_nexus_area="VA"),
        report(2, refs=[cell["id"]], description="", name="Name only"),
    )


def reports(results: list[ReadRecord | Rejection]) -> list[ReadRecord | Rejection]:
    return [r for r in results if r.location.startswith("object report--")]


def test_round_trip_of_a_small_bundle() -> None:
    records = reports(read(small_bundle()))
    assert all(isinstance(r, ReadRecord) for r in records), [str(r) for r in records]
    first = records[0]
    assert isinstance(first, ReadRecord)
    assert first.report.marking == "SECRET//NOFORN"
    assert first.structured_relations == (
        StructuredRelation(RelationKind.MEMBER_OF, f"identity--{uid(3)}",
                           f"threat-actor--{uid(4)}", f"relationship--{uid(8)}"),
        StructuredRelation(RelationKind.TARGETS, f"threat-actor--{uid(4)}",
                           f"location--{uid(5)}", f"relationship--{uid(9)}"),
    )

    exported = to_stix_bundle(r for r in records if isinstance(r, ReadRecord))
    again = reports(list(read_bytes(exported.encode(), source="again.stix.json")))

    assert again == records
    assert to_stix_bundle(r for r in again if isinstance(r, ReadRecord)) == exported


def test_round_trip_of_records_read_from_other_formats() -> None:
    line = {"id": "LE-0001", "agency": "Norfolk PD", "side": "LE", "marking": "(U//LES)",
            "area": "VA", "reported_at": "2024-05-01T14:30:00-04:00",
            "event_at": "2024-04-30T22:00:00Z", "title": "", "text": "Plain report."}
    lookalike = line | {"id": "report--not-a-uuid"}
    data = (json.dumps(line) + "\n" + json.dumps(lookalike)).encode()
    records = list(read_bytes(data, source="r.jsonl"))
    assert all(isinstance(r, ReadRecord) for r in records)
    again = reports(list(read_bytes(to_stix_bundle(records).encode(), source="r.stix.json")))
    assert again == records


# -- never raise --------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


@st.composite
def mangled_objects(draw: st.DrawFn) -> dict[str, Any]:
    """An object of the small bundle with some properties dropped or replaced."""
    obj = dict(draw(st.sampled_from(small_bundle()["objects"])))
    for key in draw(st.lists(st.sampled_from(sorted(obj)), max_size=3)):
        if draw(st.booleans()):
            obj.pop(key, None)
        else:
            obj[key] = draw(JSON_VALUES)
    return obj


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mangled_objects() | JSON_VALUES, max_size=12))
def test_mangled_bundles_never_raise(objects: list[Any]) -> None:
    for result in read_bundle(bundle(*objects), source="fuzz.stix.json"):
        assert isinstance(result, ReadRecord | Rejection)
        str(result)
