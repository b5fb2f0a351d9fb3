"""The synthetic scenario generator: determinism, truth consistency, reference data."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from random import Random
from typing import Any

import phonenumbers
import pytest
from Crypto.Hash import keccak
from stdnum import bitcoin, iban

from bench.scenario import generate
from bench.scenario.__main__ import main
from bench.scenario.identifiers import vin_check_digit
from bench.scenario.markings import ALL_MARKINGS, ALLOWED
from bench.scenario.names import FIRST_NAMES, LAST_NAMES, random_name
from bench.scenario.prose import compile_template, mentions_entity
from bench.scenario.rare_names import fold
from bench.scenario.templates import FACTS, GENERIC_SCENES, INCIDENTAL, PRESENCE, SCENES
from graph_service.domain import Side
from graph_service.reference import AreaKind, agencies, area, areas

REPORT_FIELDS = ["id", "agency", "side", "marking", "area", "reported_at", "event_at", "title", "text"]
FILES = [
    "reports.jsonl",
    "watchlist.json",
    "manifest.json",
    "truth/entities.jsonl",
    "truth/links.jsonl",
    "truth/decoys.jsonl",
    "truth/alerts.jsonl",
]
SAMPLE = Path(__file__).resolve().parents[2] / "bench" / "sample"


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class Corpus:
    """A generated scenario read back into memory (fine at test sizes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reports = {r["id"]: r for r in jsonl(root / "reports.jsonl")}
        self.entities = {e["cluster"]: e for e in jsonl(root / "truth" / "entities.jsonl")}
        self.links = jsonl(root / "truth" / "links.jsonl")
        self.decoys = jsonl(root / "truth" / "decoys.jsonl")
        self.alerts = jsonl(root / "truth" / "alerts.jsonl")
        self.watchlist = json.loads((root / "watchlist.json").read_text(encoding="utf-8"))
        self.manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))

    def named_in(self, cluster: str, report: str) -> bool:
        return any(m["report"] == report for m in self.entities[cluster]["mentions"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("scenario")
    generate(root, size=600, seed=11)
    return Corpus(root)


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", size=300, seed=5)
    generate(tmp_path / "b", size=300, seed=5)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_different_seed_gives_different_corpus(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", size=300, seed=5)
    second = generate(tmp_path / "b", size=300, seed=6)
    assert first.reports_sha256 != second.reports_sha256
    assert (tmp_path / "a" / "truth/links.jsonl").read_bytes() != (
        tmp_path / "b" / "truth/links.jsonl"
    ).read_bytes()


def test_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    # Set iteration order changes with PYTHONHASHSEED; the corpus must not.
    repo = Path(__file__).resolve().parents[2]
    for hash_seed in ("1", "977"):
        subprocess.run(
            [sys.executable, "-m", "bench.scenario", "--size", "200", "--seed", "4",
             "--out", str(tmp_path / hash_seed)],
            cwd=repo, env={**os.environ, "PYTHONHASHSEED": hash_seed}, check=True, capture_output=True,
        )
    for name in FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "977" / name).read_bytes(), name


def test_committed_sample_is_what_the_generator_makes(tmp_path: Path) -> None:
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    summary = generate(tmp_path, size=manifest["size"], seed=manifest["seed"])
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), (
            f"bench/sample/{name} is stale: regenerate with "
            "`python -m bench.scenario --size 300 --seed 7 --out bench/sample`"
        )
    assert summary.reports_sha256 == manifest["reports_sha256"]


def test_manifest_hashes_the_files(corpus: Corpus) -> None:
    for name, digest in corpus.manifest["sha256"].items():
        assert hashlib.sha256((corpus.root / name).read_bytes()).hexdigest() == digest, name
    assert corpus.manifest["reports_sha256"] == corpus.manifest["sha256"]["reports.jsonl"]
    assert corpus.manifest["counts"]["reports"] == len(corpus.reports) == 600


# ---------------------------------------------------------------- reports


def test_reports_have_exactly_the_schema_fields(corpus: Corpus) -> None:
    for report in corpus.reports.values():
        assert list(report) == REPORT_FIELDS
        assert report["side"] in ("LE", "INTEL", "OPEN")
        assert report["reported_at"].endswith("Z")
        assert report["event_at"] is None or report["event_at"] <= report["reported_at"]


def test_report_ids_are_unique_and_times_follow_file_order(corpus: Corpus) -> None:
    ids = list(corpus.reports)
    assert len(set(ids)) == len(ids)
    times = [r["reported_at"] for r in corpus.reports.values()]
    assert times == sorted(times)


def test_every_report_has_100_to_600_words(corpus: Corpus) -> None:
    for report in corpus.reports.values():
        assert 100 <= len(report["text"].split()) <= 600, report["id"]


def test_markings_come_only_from_the_allowed_list(corpus: Corpus) -> None:
    for report in corpus.reports.values():
        assert report["marking"] in ALLOWED[Side(report["side"])], report["id"]
    assert {r["marking"] for r in corpus.reports.values()} <= set(ALL_MARKINGS)


def test_reports_name_known_agencies_and_areas(corpus: Corpus) -> None:
    by_name = {a.name: a for a in agencies()}
    for report in corpus.reports.values():
        agency = by_name[report["agency"]]
        assert Side(report["side"]) in agency.sides
        area(report["area"])  # raises KeyError for an unknown code


# ---------------------------------------------------------------- ground truth


def test_every_truth_mention_occurs_in_its_report(corpus: Corpus) -> None:
    for entity in corpus.entities.values():
        assert entity["mentions"], entity["cluster"]
        for mention in entity["mentions"]:
            assert mention["surface"] in corpus.reports[mention["report"]]["text"], (
                entity["cluster"],
                mention,
            )


def test_identifiers_are_normalised_and_pass_their_checksums(corpus: Corpus) -> None:
    for e in corpus.entities.values():
        value = e["normalised"]
        match e["kind"]:
            case "Phone":
                assert phonenumbers.is_valid_number(phonenumbers.parse(value)), value
                assert value.startswith("+")
            case "Email":
                assert value == value.lower()
            case "Vehicle":
                state, _, plate = value.partition(":")
                assert len(state) == 2
                assert plate.isalnum()
                vin = e["identifiers"][1]
                assert len(vin) == 17
                assert vin_check_digit(vin) == vin[8], vin
            case "Account" if e["attributes"]["scheme"] == "btc":
                assert bitcoin.is_valid(value), value
            case "Account" if e["attributes"]["scheme"] == "iban":
                assert iban.is_valid(value), value
            case "Account":
                assert eip55(value[2:].lower()) == value, value
            case _:
                assert value is None


def eip55(hex_address: str) -> str:
    digest = keccak.new(digest_bits=256, data=hex_address.encode("ascii")).hexdigest()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(hex_address)
    )


def test_planted_links_are_carried_by_their_reports(corpus: Corpus) -> None:
    assert corpus.links
    for link in corpus.links:
        assert corpus.reports[link["le_report"]]["side"] == "LE"
        assert corpus.reports[link["intel_report"]]["side"] == "INTEL"
        assert corpus.named_in(link["le_entity"], link["le_report"])
        assert corpus.named_in(link["intel_subject"], link["intel_report"])
        assert 1 <= link["hops"] == len(link["steps"]) == len(link["via"]) == len(link["path"]) - 1
        assert link["marking"] == [corpus.reports[r]["marking"] for r in link["reports"]]
        assert link["decoy"] is False
        for step in link["steps"]:
            if step["via"] == "shared_identifier":
                first, second = step["reports"]
                assert first != second
                assert corpus.named_in(step["identifier"], first)
                assert corpus.named_in(step["identifier"], second)
                assert corpus.named_in(step["from"], first)
                assert corpus.named_in(step["to"], second)
            else:
                (report,) = step["reports"]
                assert corpus.named_in(step["from"], report)
                assert corpus.named_in(step["to"], report)


def test_links_cover_every_hop_count_and_kind_of_evidence(corpus: Corpus) -> None:
    assert {link["hops"] for link in corpus.links} == {1, 2, 3}
    assert {v for link in corpus.links for v in link["via"]} == {
        "shared_identifier",
        "stated_relation",
        "co_mention",
    }


def test_alerts_fire_on_the_report_that_completes_a_watched_link(corpus: Corpus) -> None:
    watched = {w["cluster"] for w in corpus.watchlist}
    links = {link["id"]: link for link in corpus.links}
    order = {rid: i for i, rid in enumerate(corpus.reports)}
    assert corpus.alerts
    for alert in corpus.alerts:
        link = links[alert["link"]]
        assert alert["subject"] == link["intel_subject"] in watched
        assert alert["report"] == max(link["reports"], key=order.__getitem__)
    alerted = {a["link"] for a in corpus.alerts}
    assert alerted == {link["id"] for link in corpus.links if link["intel_subject"] in watched}


def test_watchlist_names_intel_subjects(corpus: Corpus) -> None:
    for entry in corpus.watchlist:
        entity = corpus.entities[entry["cluster"]]
        assert entry["name"] == entity["canonical"]
        assert entry["kind"] == entity["kind"]
        assert entry["reason"]
        sides = {corpus.reports[m["report"]]["side"] for m in entity["mentions"]}
        assert "INTEL" in sides


def test_decoys_share_nothing_but_a_name_or_a_hub(corpus: Corpus) -> None:
    assert {d["kind"] for d in corpus.decoys} == {
        "same_name",
        "big_city",
        "popular_venue",
        "hub_identifier",
    }
    for decoy in corpus.decoys:
        le, subject = corpus.entities[decoy["le_entity"]], corpus.entities[decoy["intel_subject"]]
        assert decoy["decoy"] is True
        assert le["cluster"] != subject["cluster"]
        assert corpus.named_in(le["cluster"], decoy["le_report"])
        assert corpus.named_in(subject["cluster"], decoy["intel_report"])
        if decoy["kind"] == "same_name":
            assert le["canonical"] == subject["canonical"]
            assert le["attributes"]["born"] != subject["attributes"]["born"]
        else:
            hub = corpus.entities[decoy["via_entity"]]
            assert hub["generic"] is True
            assert len({m["report"] for m in hub["mentions"]}) >= 5


def test_only_planted_entities_and_hubs_cross_from_le_to_intel(corpus: Corpus) -> None:
    sides: dict[str, set[str]] = defaultdict(set)
    for entity in corpus.entities.values():
        for mention in entity["mentions"]:
            sides[entity["cluster"]].add(corpus.reports[mention["report"]]["side"])
    for cluster, seen in sides.items():
        if {"LE", "INTEL"} <= seen:
            assert corpus.entities[cluster]["role"] in ("chain", "subject", "hub"), cluster


def test_recurring_people_appear_under_name_variants(corpus: Corpus) -> None:
    people = [e for e in corpus.entities.values() if e["kind"] == "Person"]
    surfaces = {m["surface"] for p in people for m in p["mentions"]}
    assert any(", " in s for s in surfaces)  # HASSAN, Ali
    assert any(s.isupper() and " " in s for s in surfaces)  # ALI HASSAN
    assert any(len({m["surface"] for m in p["mentions"]}) >= 3 for p in people)


# ---------------------------------------------------------------- reference data and banks


def test_reference_areas_cover_every_state_and_territory() -> None:
    all_areas = areas()
    states = [a for a in all_areas if a.kind is AreaKind.STATE]
    territories = {a.code for a in all_areas if a.kind is AreaKind.TERRITORY}
    urban = [a for a in all_areas if a.kind is AreaKind.URBAN_AREA]
    assert len(states) == 50
    assert territories == {"PR", "GU", "VI", "AS", "MP"}
    assert area("DC").kind is AreaKind.DISTRICT
    assert len(urban) >= 50
    assert all(a.code.startswith("UA-") and area(a.state).kind is not AreaKind.URBAN_AREA for a in urban)
    assert len({a.code for a in all_areas}) == len(all_areas)


def test_reference_agencies_cover_both_sides_and_every_tier() -> None:
    listed = agencies()
    assert len(listed) >= 35
    assert {a.tier.value for a in listed} == {"federal", "state", "local", "tribal", "private"}
    for side in Side:
        assert any(side in a.sides for a in listed)
    assert len({a.name for a in listed}) == len(listed)


def test_no_name_spelling_belongs_to_two_groups() -> None:
    # Folded as the resolver folds them: "Müller" and "MULLER" are one spelling.
    firsts = [(fold(s), i) for i, g in enumerate(FIRST_NAMES) for s in (*g.spellings, *g.nicknames)]
    lasts = [(fold(s), i) for i, g in enumerate(LAST_NAMES) for s in g]
    for spellings in (firsts, lasts):
        owners: dict[str, set[int]] = {}
        for spelling, group in spellings:
            owners.setdefault(spelling, set()).add(group)
        assert all(len(groups) == 1 for groups in owners.values())


def test_a_large_corpus_can_tell_most_of_its_people_apart_by_name() -> None:
    # With the long tail of rare names, people who share a full name are the exception
    # they are in life, not half the population.
    rng = Random(7)
    keys = [random_name(rng).key for _ in range(130_000)]
    assert len(set(keys)) / len(keys) > 0.8


def test_sentence_templates_mention_the_entities_they_are_about() -> None:
    for key, bank in FACTS.items():
        for template in bank:
            assert mentions_entity(template, "a"), (key, template)
            assert mentions_entity(template, "b"), (key, template)
    one_entity = [*SCENES.values(), *GENERIC_SCENES.values(), *PRESENCE.values(), *INCIDENTAL.values()]
    for bank in one_entity:
        for template in bank:
            assert mentions_entity(template, "a"), template
            assert compile_template(template)  # parses


# ---------------------------------------------------------------- scale and CLI


def test_a_2000_report_run_completes(tmp_path: Path) -> None:
    summary = generate(tmp_path, size=2000, seed=3)
    assert summary.counts["reports"] == 2000
    assert len((tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == 2000
    assert summary.counts["links"] >= 20


def test_cli_writes_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--size", "60", "--seed", "1", "--out", str(tmp_path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["reports"] == 60
    assert (tmp_path / "truth" / "entities.jsonl").exists()


def test_cli_rejects_a_corpus_too_small_to_plant(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--size", "10", "--out", str(tmp_path)])
