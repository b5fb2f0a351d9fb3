"""The quality benchmark: per-kind pairwise scores and the entity-count check, on a small
graph written through the writer's queries into the real Neo4j."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import quality
from graph_service.store import Store
from ingest.writer import BUSY

U = ["lvl:U"]


def scenario(
    root: Path,
    clusters: dict[str, tuple[str, list[tuple[str, str]]]],
    born: dict[str, int | None] | None = None,
) -> Path:
    """A scenario directory whose truth has `clusters`: id → (kind, [(report, surface)]),
    each named by its first surface; `born` gives a person's birth year where some report
    states it."""
    (root / "truth").mkdir(parents=True)
    years = born or {}
    lines = [
        json.dumps({
            "cluster": cid, "kind": kind, "canonical": seen[0][1],
            "attributes": {"born": years.get(cid) or 1970, "born_stated": years.get(cid) is not None},
            "mentions": [{"report": r, "surface": s} for r, s in seen],
        })
        for cid, (kind, seen) in clusters.items()
    ]
    (root / "truth" / "entities.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def graph(
    store: Store, mentions: list[tuple[str, str, str, str]], candidates: Sequence[tuple[str, str]] = ()
) -> None:
    """Write (report, kind, surface, key) mentions, every report public, and POSSIBLY_SAME
    candidates between pairs of their keys."""
    reports = sorted({r for r, _, _, _ in mentions})
    base: dict[str, Any] = {
        "agency": "x", "side": "LE", "level": 0, "vis": U, "area": None, "event_at": None,
        "title": "t", "text": "t", "sha256": "x", "reported_at": "2026-01-01T00:00:00+00:00",
    }
    entities = [{"key": k, "kind": kind, "sector": None, "blocks": []} for _, kind, _, k in mentions]
    rows = [
        {"report": r, "vis": U, "key": k, "surface": s, "start": 0, "end": 1, "sentence": 0,
         "confidence": 1.0, "role": None, "value": None, "valid": True}
        for r, _, s, k in mentions
    ]
    store.run_batched("wipe_data", {})
    store.write_all([
        ("report_put", {"reports": [{**base, "id": r} for r in reports]}),
        ("entity_put", {"entities": entities}),
        ("mention_put", {"mentions": rows, "refresh": [], **BUSY}),
        ("candidate_put", {"candidates": [
            {"a": min(a, b), "b": max(a, b), "score": 0.8, "method": "initial", "level": 0, "vis": U,
             "reports": ["R1", "R2"]}
            for a, b in candidates
        ]}),
    ])


def test_scores_are_given_per_kind(empty_store: Store, tmp_path: Path) -> None:
    root = scenario(tmp_path, {
        "P1": ("Person", [("R1", "Ali Hassan"), ("R2", "Ali Hassan"), ("R3", "A. Hassan")]),
        "P2": ("Person", [("R4", "Ali Hassan")]),  # a namesake
        "V1": ("Vehicle", [("R1", "TX KXT4821"), ("R2", "TX KXT-4821")]),
    })
    graph(empty_store, [
        ("R1", "Person", "Ali Hassan", "person:ali hassan"),
        ("R2", "Person", "Ali Hassan", "person:ali hassan"),
        ("R3", "Person", "A. Hassan", "person:a hassan"),  # split: a miss
        ("R4", "Person", "Ali Hassan", "person:ali hassan"),  # merged with P1: wrong pairs
        ("R1", "Vehicle", "TX KXT4821", "vehicle:TX:KXT4821"),
        ("R2", "Vehicle", "TX KXT-4821", "vehicle:TX:KXT4821"),
    ])
    result = quality.run(empty_store, root, tokens=U)
    persons, vehicles = (result["resolution"]["by_kind"][k] for k in ("Person", "Vehicle"))
    assert (persons["true_pairs"], persons["predicted_pairs"]) == (3, 3)
    assert (persons["precision"], persons["recall"]) == (0.3333, 0.3333)
    assert (vehicles["precision"], vehicles["recall"]) == (1.0, 1.0)
    pooled = result["resolution"]
    assert (pooled["true_pairs"], pooled["predicted_pairs"]) == (4, 4)
    counts = result["entity_counts"]["by_kind"]
    assert (counts["Person"]["truth_clusters"], counts["Person"]["resolved_entities"]) == (2, 2)
    assert counts["Vehicle"]["pass"]


def test_pairs_kept_apart_are_told_by_why_and_candidates_count_as_offered(
    empty_store: Store, tmp_path: Path
) -> None:
    root = scenario(tmp_path, {
        "P1": ("Person", [("R1", "Ali Hassan"), ("R2", "A. Hassan"), ("R3", "Hassan"), ("R4", "Ali Hassan")]),
        "P2": ("Person", [("R5", "Jorge Lopez"), ("R6", "Jorge Lopez"), ("R7", "Jorge Lopes")]),
    })
    graph(empty_store, [
        ("R1", "Person", "Ali Hassan", "person:ali hassan"),
        ("R2", "Person", "A. Hassan", "person:a hassan"),  # a variant, offered as a candidate
        ("R3", "Person", "Hassan", "person:hassan@R3"),  # a surname the report tied to no one
        ("R4", "Person", "Ali Hassan", "person:ali hassan"),
        ("R5", "Person", "Jorge Lopez", "person:jorge lopez"),
        ("R6", "Person", "Jorge Lopez", "person:jorge lopez~1a2b"),  # taken for a namesake
        ("R7", "Person", "Jorge Lopes", "person:jorge lopes"),  # a typo nothing offers
    ], candidates=[("person:ali hassan", "person:a hassan")])
    persons = quality.run(empty_store, root, tokens=U)["resolution"]["by_kind"]["Person"]
    # P1: 6 true pairs, 1 merged; P2: 3 true pairs, none merged.
    assert (persons["true_pairs"], persons["recall"]) == (9, 0.1111)
    assert persons["misses"] == {
        "pairs": 8, "by_cause": {"report_scoped": 3, "same_name": 1, "variant": 4},
        "offered_as_candidates": 2,
    }
    assert persons["recall_with_candidates"] == 0.3333


def test_the_count_check_allows_the_documented_tolerance() -> None:
    assert quality.entity_count(1000, 1050)["pass"]
    assert quality.entity_count(1000, 950)["pass"]
    assert not quality.entity_count(1000, 1051)["pass"]
    assert not quality.entity_count(1000, 900)["pass"]
    assert quality.entity_count(10, 12)["pass"]  # small kinds get a slack of two
    assert not quality.entity_count(10, 13)["pass"]
    assert quality.entity_count(1000, 1051)["relative_error"] == 0.051


def test_a_kind_off_by_more_than_the_tolerance_fails_the_run(empty_store: Store, tmp_path: Path) -> None:
    root = scenario(tmp_path, {
        f"O{i}": ("Organization", [(f"R{i}", "Crescent Logistics"), (f"S{i}", "Crescent Logistics")])
        for i in range(4)
    })
    # Four truth clusters written under one name and merged into one entity.
    graph(empty_store, [
        (f"{p}{i}", "Organization", "Crescent Logistics", "organization:crescent logistics")
        for i in range(4) for p in "RS"
    ])
    counts = quality.run(empty_store, root, tokens=U)["entity_counts"]
    orgs = counts["by_kind"]["Organization"]
    assert (orgs["truth_clusters"], orgs["resolved_entities"], orgs["pass"]) == (4, 1, False)
    assert counts["pass"] is False


def test_namesakes_count_as_many_people_as_the_birth_years_reports_give_them(tmp_path: Path) -> None:
    people = {f"J{i}": ("Person", [(f"R{i}", "Jorge López")]) for i in range(5)}
    people["A1"] = ("Person", [("R9", "Ali Hassan")])
    people["A2"] = ("Person", [("R10", "Ali Hassan")])
    root = scenario(tmp_path, people, born={"J0": 1971, "J1": 1971, "J2": 1980})
    # Jorge López: two years stated (1971 twice, 1980), two bearers without one; Ali Hassan:
    # no year at all.
    assert quality.separable_people(root, set(people)) == 3
    assert quality.separable_people(root, {"J0", "J2", "J3"}) == 2
    assert quality.separable_people(root, {"J3", "J4"}) == 1


def test_merged_namesakes_the_text_cannot_tell_apart_widen_the_band_downwards_only() -> None:
    assert quality.entity_count(1000, 880, separable=920)["pass"]  # 920 - 46 = 874
    assert not quality.entity_count(1000, 870, separable=920)["pass"]
    assert not quality.entity_count(1000, 1051, separable=920)["pass"]
    check = quality.entity_count(1000, 920, separable=920)
    assert (check["relative_error"], check["relative_error_separable"]) == (-0.08, 0.0)
