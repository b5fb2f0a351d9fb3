"""Real-world text: one test group per failure class, each written from the
invented example of the issue or the real-world corpus of tests/data/realworld/."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bench import realworld
from graph_service.domain import EntityKind, Extraction, Report, Side
from graph_service.domain.identifiers import find_identifiers, normalise
from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from ingest.boilerplate import line_key, repeated_lines, texts_without_boilerplate
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import ReadRecord, read_bytes
from ingest.reindex import reindex
from ingest.resolve import resolve
from ingest.resolve.decide import compare
from queries.judgements import list_candidates

K = EntityKind
JAN_1 = datetime(2024, 1, 1, tzinfo=UTC)
LE_ANALYST = Viewer.from_attributes("le", Level.UNCLASSIFIED, [], ["USA"], ["LES"])


def found(extraction: Extraction, kind: EntityKind | None = None) -> list[tuple[str, str]]:
    return [(m.kind.value, m.surface) for m in extraction.mentions if kind is None or m.kind is kind]


def phones(text: str) -> list[tuple[str, bool]]:
    return [(h.value, h.specific) for h in find_identifiers(text) if h.kind is K.PHONE]


def key_of(extractor: Extractor, text: str, surface: str) -> str:
    """The key resolution gives the first mention written `surface` in `text`."""
    rep = Report("R-1", "FBI", Side.OPEN, "UNCLASSIFIED", "DC", JAN_1, None, "t", text)
    return next(key for key, m in resolve(rep, extractor.extract(text)).mentions if m.surface == surface)


def records(*reports: dict[str, object]) -> list[ReadRecord]:
    data = "\n".join(json.dumps(r) for r in reports).encode()
    return [r for r in read_bytes(data, source="test.jsonl") if isinstance(r, ReadRecord)]


def report(
    report_id: str, text: str, agency: str = "Houston Police Department",
    marking: str = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE",
) -> dict[str, object]:
    return {
        "id": report_id, "agency": agency, "side": "LE", "marking": marking, "area": "TX",
        "reported_at": "2026-03-04T10:22:00Z", "event_at": None, "title": "Report", "text": text,
    }


def keys(store: Store, kind: str) -> set[str]:
    tokens = ["lvl:U", "lvl:C", "lvl:S", "dissem:LES", "cit:USA"]
    rows = store.read("bench_mentions", {"tokens": tokens, "limit": 10_000})
    return {r["key"] for r in rows if r["kind"] == kind}


# 1. Spans that cross structure ----------------------------------------------------------


def test_no_name_runs_across_a_blank_line_a_field_label_or_a_bullet(extractor: Extractor) -> None:
    text = (
        "Owner: Granite Peak Electric\nSector: Energy\n\nRegion served: Statewide\n\nOperator: Delmar Utility"
        " Services\n- Harlan Brooks\n- Maya Okafor\n\nThe Redhill Substation was inspected."
    )
    extraction = extractor.extract(text)
    assert not [s for _, s in found(extraction) if "\n" in s or s.endswith(":") or s.startswith("-")]
    assert not [s for _, s in found(extraction) if s.split()[0] in ("Sector", "Region", "Operator", "Owner")]


def test_field_labels_bullets_and_paragraphs_stop_names(extractor: Extractor) -> None:
    nlp = extractor.nlp
    doc = nlp.make_doc("Region served: Statewide\n\nOperator Acme Water\n- Dana Whitfield")
    from ingest.extract.layout import breaks

    stops = {doc[i].text for i in breaks(doc)}
    assert {"Region", "served", ":", "\n\n", "-"} <= stops
    assert "Statewide" not in stops
    assert "Acme" not in stops


# 2. Identifiers that are not -------------------------------------------------------------


def test_versions_dates_and_codes_are_no_identifiers() -> None:
    assert find_identifiers("OptiView HMI versions prior to 11.2.4401.73 are affected.") == []
    # Read as the US numbers 202-555-0199 and 202-555-0143 before the masks.
    assert find_identifiers("Update to 2.02.555.0199 now.") == []
    assert find_identifiers("OptiView versions prior to 20.2.555.0143 are affected.") == []
    assert find_identifiers("Date of transcription (2019) 11/04/ 19") == []
    assert find_identifiers("the CVSS vector string is (AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H).") == []
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    assert find_identifiers(f"hash {digest} seen") == []
    assert find_identifiers("An attacker could change the config.In this case it restarts.") == []
    assert find_identifiers("See advisory ICSA-23-353-01 and firmware 4.10.2.") == []


def test_a_cve_id_is_a_vulnerability_and_nothing_else(extractor: Extractor) -> None:
    extraction = extractor.extract("CVE-2021-44108 has been assigned to this vulnerability in Springfield.")
    assert found(extraction, K.VULNERABILITY) == [("Vulnerability", "CVE-2021-44108")]
    assert ("Location", "CVE-2021") not in found(extraction)
    assert normalise(K.VULNERABILITY, "cve 2021 44108") == "CVE-2021-44108"


def test_ocr_tildes_stay_out_of_an_email() -> None:
    (hit,) = find_identifiers("wrote to ~r.castellano@examplemail.com daily")
    assert (hit.surface, hit.value) == ("r.castellano@examplemail.com", "r.castellano@examplemail.com")
    assert normalise(K.EMAIL, "r.cast~ellano@examplemail.com") == "r.castellano@examplemail.com"


def test_ip_addresses_and_us_phones_still_pass_the_masks() -> None:
    hits = find_identifiers("beacon to 8.8.8[.]8 and 203.0.113.45")
    assert [h.value for h in hits] == ["8.8.8.8", "203.0.113.45"]
    assert phones("call 202.555.0143 now") == [("+12025550143", True)]


# 3. Phones read in the wrong country -----------------------------------------------------


def test_a_foreign_number_is_read_in_the_country_the_text_names() -> None:
    assert phones("Pemberton of Manchester, United Kingdom, used the mobile number 07911 123456.") == [
        ("+447911123456", True)
    ]


def test_international_prefixes_wherever_they_stand() -> None:
    assert phones("Tel. No. 00442079460958") == [("+442079460958", True)]
    assert phones("the telephone number (44)(7911123456) again") == [("+447911123456", True)]


def test_a_number_no_country_can_be_told_for_stays_in_its_report() -> None:
    assert phones("The courier answers on phone 0412 345 678 only.") == [("0412345678", False)]
    assert phones("his number 98765 43210 twice") == []  # no phone word right before it


def test_a_grouped_foreign_mobile_is_no_us_number() -> None:
    # Ten digits grouped 5-5 would be a valid +1 number read as North American.
    assert phones("Serial 98765 43210 was logged.") == []


# 4. VIN check digits ----------------------------------------------------------------------


def test_a_european_vin_is_valid_whatever_position_nine_holds() -> None:
    (hit,) = find_identifiers("VIN WVWZZZ1JZ3W386752")
    assert hit.valid
    (north_american,) = find_identifiers("VIN 1HGCM82633A004353")  # check digit should be 2
    assert not north_american.valid


def test_a_european_vin_merges_across_reports(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(
        report("R-1", "Agents recovered a Volkswagen Golf, VIN WVWZZZ1JZ3W386752, in Baltimore."),
        report("R-2", "The same vehicle, VIN WVWZZZ1JZ3W386752, was exported through Antwerp."),
    ), extractor)
    assert keys(empty_store, "Vehicle") == {"vehicle:WVWZZZ1JZ3W386752"}


# 5. Aliases never merge -------------------------------------------------------------------


def test_the_rulers_aliases_are_one_group(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(
        report("R-1", "He pledged allegiance to ISIS and to the Islamic State."),
        report("R-2", "He said that Daesh needed fighters and that ISIL would pay."),
        report("R-3", "They raised money for al-Qaeda and later for al Qaida."),
    ), extractor)
    assert keys(empty_store, "Organization") == {"organization:isis", "organization:al qaeda"}


def test_a_defined_acronym_is_its_expansion_in_the_report(extractor: Extractor) -> None:
    text = "The Northern Crescent Brigade (NCB) claimed the attack. NCB recruiters met in Mosul."
    extraction = extractor.extract(text)
    assert found(extraction, K.ORGANIZATION) == [
        ("Organization", "Northern Crescent Brigade"), ("Organization", "NCB"), ("Organization", "NCB")
    ]
    assert key_of(extractor, text, "NCB") == "organization:northern crescent brigade"
    assert key_of(extractor, text, "Northern Crescent Brigade") == "organization:northern crescent brigade"


def test_an_acronym_used_alone_elsewhere_is_a_candidate(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(
        report("R-1", "The Northern Crescent Brigade (NCB) claimed the attack in Mosul."),
        report("R-2", "A source said the NCB bought drones in Gaziantep."),
    ), extractor)
    assert {"organization:northern crescent brigade", "organization:ncb"} <= keys(empty_store, "Organization")
    offered = list_candidates(empty_store, LE_ANALYST, entity="organization:ncb").items
    assert [(c.a, c.b, c.method) for c in offered] == [
        ("organization:ncb", "organization:northern crescent brigade", "acronym")
    ]


# 6. One person over many pages ------------------------------------------------------------


def test_heading_words_are_trimmed_off_names(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Colonel Etienne Delacroix met the source. Delacroix Interview notes are attached."
    )
    assert ("Person", "Delacroix Interview") not in found(extraction)
    assert ("Person", "Delacroix") in found(extraction)


def test_a_surname_alone_is_a_candidate_of_the_full_name_the_same_source_uses(
    empty_store: Store, extractor: Extractor
) -> None:
    ingest(empty_store, records(
        report("P-1", "Colonel Etienne Delacroix met the source in Lyon.", agency="FBI"),
        report("P-2", "Page 14. Colonel Delacroix was not present at the meeting.", agency="FBI"),
        report("P-3", "Delacroix was seen at the airport.", agency="Houston Police Department"),
    ), extractor)
    people = keys(empty_store, "Person")
    assert {"person:etienne delacroix", "person:delacroix@P-2", "person:delacroix@P-3"} <= people
    offered = {
        (c.a, c.b, c.method)
        for c in list_candidates(empty_store, LE_ANALYST, entity="person:etienne delacroix").items
    }
    assert offered == {("person:delacroix@P-2", "person:etienne delacroix", "surname-same-source")}


# 7. Boilerplate ----------------------------------------------------------------------------


CAVEAT = "This document is the property of the FBI and is loaned to J. Crnn of your agency."


UNCLASSIFIED = ("lvl:U",)


def test_lines_a_source_repeats_are_not_read() -> None:
    reports = [
        Report(f"B-{i}", "FBI", Side.LE, "UNCLASSIFIED", "DC", JAN_1, None, "t",
               f"Page {i}\n{CAVEAT}\n\nThe source met Marcus Ellery in {city}.")
        for i, city in enumerate(("Tulsa", "Dallas", "Wichita"))
    ]
    batch = [(r, UNCLASSIFIED) for r in reports]
    assert repeated_lines(batch) == [{line_key("FBI", CAVEAT)}] * 3
    texts = list(texts_without_boilerplate(batch, batch_size=10))
    for text, original in zip(texts, reports, strict=True):
        assert "Crnn" not in text
        assert "Marcus Ellery" in text
        assert len(text) == len(original.text)  # every offset stays where it was
    # Two reports are not yet a pattern; another agency's copy is its own.
    assert repeated_lines(batch[:2]) == [set(), set()]
    other = replace(reports[2], agency="DEA")
    assert repeated_lines([*batch[:2], (other, UNCLASSIFIED)]) == [set(), set(), set()]


def naming(store: Store, fragment: str) -> set[str]:
    """Ids of the reports (up to SECRET) that name an entity with `fragment` in its key."""
    tokens = ["lvl:U", "lvl:C", "lvl:S", "dissem:LES", "cit:USA"]
    rows = store.read("bench_mentions", {"tokens": tokens, "limit": 10_000})
    return {r["report"] for r in rows if fragment in r["key"]}


def caveated(i: int, marking: str = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE") -> dict[str, object]:
    return report(f"B-{i}", f"Page {i}\n{CAVEAT}\n\nThe subject rented unit {i} in Tulsa.",
                  agency="FBI", marking=marking)


def test_boilerplate_makes_no_hub(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(*(caveated(i) for i in range(4))), extractor)
    assert not naming(empty_store, "crnn")


def test_a_header_repeated_across_batches_is_boilerplate(
    empty_store: Store, extractor: Extractor
) -> None:
    # A source sending one report at a time: no chunk ever holds the caveat twice.
    for i in range(5):
        ingest(empty_store, records(caveated(i)), extractor)
    # The first two were read before the caveat was known to repeat; none after.
    assert naming(empty_store, "crnn") == {"B-0", "B-1"}
    reindex(empty_store, extractor)
    assert not naming(empty_store, "crnn")


def test_hidden_reports_make_no_line_boilerplate(empty_store: Store, extractor: Extractor) -> None:
    # Its readers may not see the SECRET reports: what is read from the new report
    # cannot depend on them.
    for i in range(3):
        ingest(empty_store, records(caveated(i, marking="SECRET")), extractor)
    ingest(empty_store, records(caveated(9)), extractor)
    assert "B-9" in naming(empty_store, "crnn")


# 9. Critical infrastructure ---------------------------------------------------------------


def test_sector_statements_give_facilities_of_their_sectors(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "CRITICAL INFRASTRUCTURE SECTORS: Energy, Water and Wastewater Systems\n"
        "COUNTRIES/AREAS DEPLOYED: Worldwide"
    )
    assert [(m.surface, m.sector) for m in extraction.mentions if m.kind is K.FACILITY] == [
        ("Energy", "energy"), ("Water and Wastewater Systems", "water-wastewater")
    ]
    extraction = extractor.extract(
        "The controllers are deployed in the Chemical, Dams and Critical Manufacturing sectors."
    )
    assert [m.sector for m in extraction.mentions if m.kind is K.FACILITY] == [
        "chemical", "dams", "critical-manufacturing"
    ]


def test_a_scoring_phrase_is_no_government_facility(extractor: Extractor) -> None:
    extraction = extractor.extract("A CVSS v3 base score of 9.8 has been calculated.")
    assert found(extraction, K.FACILITY) == []


# 10. Candidate queue noise -----------------------------------------------------------------


def test_numbered_names_are_never_fuzzy_candidates() -> None:
    assert compare(K.ORGANIZATION, "fieldlink gateway 3", "fieldlink gateway 4") is None
    assert compare(K.ORGANIZATION, "cve 2021", "cve 2022") is None
    assert compare(K.ORGANIZATION, "crescent logistics", "crescent logistic") is not None


def test_product_names_one_digit_apart_fill_no_queue(empty_store: Store, extractor: Extractor) -> None:
    ingest(empty_store, records(
        report("R-1", "Hexagon Automation ProLink Controller 5 shares the flaw with Tessera Relay 5."),
        report("R-2", "Tessera Relay 6 and Hexagon Automation ProLink Controller 6 were patched."),
    ), extractor)
    for key in keys(empty_store, "Organization"):
        assert not [c for c in list_candidates(empty_store, LE_ANALYST, entity=key).items
                    if any(ch.isdigit() for ch in c.a + c.b)]


# 11. Organisations over-split --------------------------------------------------------------


def test_a_vendor_followed_by_a_product_is_the_vendor(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Acme Controls reports that Acme Controls FieldLink Gateway 3 and the Acme Controls "
        "SafeLink RTU are affected."
    )
    assert set(found(extraction, K.ORGANIZATION)) == {("Organization", "Acme Controls")}


# The corpus ---------------------------------------------------------------------------------


def test_the_realworld_corpus_scores_with_no_junk(extractor: Extractor) -> None:
    figures = realworld.run(extractor)
    assert figures["spans_across_blank_lines"] == 0
    assert figures["identifiers_from_codes"] == 0
    assert figures["pooled"]["precision"] >= 0.75
    assert figures["pooled"]["recall"] >= 0.75


@pytest.mark.parametrize("document", realworld.load(), ids=lambda d: d["id"])
def test_every_corpus_document_names_its_source_and_entities(document: dict[str, object]) -> None:
    assert document["source"]
    assert document["classes"]
    assert document["text"]
    text = str(document["text"])
    for _, surface in document["entities"]:  # type: ignore[attr-defined]
        assert surface in text


# Re-ingest ------------------------------------------------------------------------------------


def stored_labels(store: Store) -> dict[str, tuple[list[str], int, str]]:
    rows = store.read("report_page", {"after": "", "limit": 10})
    return {row["id"]: (row["vis"], row["level"], row["sha256"]) for row in rows}


def test_reindex_applies_the_current_rules_to_stored_reports(
    empty_store: Store, extractor: Extractor
) -> None:
    """A graph built before the acronym rule keeps "NCB" apart; reindex joins it, keeps every
    report's label and hash, and a second run changes nothing."""
    old_rules = Extractor()
    old_rules.nlp.remove_pipe("nexus_refinements")
    stored = records(
        report("A-1", "The Northern Crescent Brigade (NCB) claimed the attack. NCB recruiters met in Mosul."),
        report("A-2", "Ali Hassan called (713) 555-0143 on Tuesday.", marking="SECRET//NOFORN"),
    )
    ingest(empty_store, stored, old_rules)
    assert "organization:ncb" in keys(empty_store, "Organization")
    before = stored_labels(empty_store)

    summary = reindex(empty_store, extractor)
    assert summary.ingested == 2
    assert keys(empty_store, "Organization") == {"organization:northern crescent brigade"}
    assert keys(empty_store, "Phone") == {"phone:+17135550143"}  # the SECRET report keeps its entities
    assert stored_labels(empty_store) == before
    assert ingest(empty_store, stored, extractor).unchanged == 2  # the original files still match
    counts = empty_store.read("graph_counts", {})
    reindex(empty_store, extractor)
    assert empty_store.read("graph_counts", {}) == counts
