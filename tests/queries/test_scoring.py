"""The score formula of docs/scoring.md, term by term."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queries.scoring import (
    DEGREE_FREE,
    HALF_LIFE_DAYS,
    MAX_SHARED,
    RECENCY_FLOOR,
    STRENGTH,
    EvidenceKind,
    HopSummary,
    degree_penalty,
    hop_strength,
    recency,
    score_entity,
    score_path,
    specificity,
)

NOW = datetime(2025, 7, 1, tzinfo=UTC)


def hop(**counts: object) -> HopSummary:
    return HopSummary(newest=NOW, **counts)  # type: ignore[arg-type]


def one_link(h: HopSummary) -> float:
    score = score_path([False, False], [None, None], [h], NOW)
    assert score is not None
    return score.value


def shared(holders: int) -> float | None:
    score = score_path([False, True, False], [None, holders, None], [hop(reports=1), hop(reports=1)], NOW)
    return None if score is None else score.value


def test_the_evidence_order_is_the_design() -> None:
    order = [
        one_link(hop(confirmed=True)),
        shared(2),
        one_link(hop(relations=1, reports=1)),
        one_link(hop(same_sentence=1, reports=1)),
        one_link(hop(reports=1)),
        one_link(hop(candidate=1.0)),
    ]
    assert order == sorted(order, reverse=True)
    assert len(set(order)) == len(order)
    assert order[0] == STRENGTH[EvidenceKind.SAME_ENTITY] == 1.0


def test_a_hop_takes_its_best_evidence() -> None:
    assert hop_strength(hop(reports=3, same_sentence=1, relations=1)) == (
        EvidenceKind.STATED_RELATION, STRENGTH[EvidenceKind.STATED_RELATION],
    )
    assert hop_strength(hop(reports=2, same_sentence=1)) == (EvidenceKind.SAME_SENTENCE, 0.6)
    assert hop_strength(hop(candidate=0.5)) == (EvidenceKind.CANDIDATE, pytest.approx(0.15))
    assert hop_strength(hop()) is None


def test_a_candidate_weighs_by_its_score_and_never_beats_a_co_mention() -> None:
    assert one_link(hop(candidate=0.5)) == pytest.approx(0.3 * 0.5)
    assert one_link(hop(candidate=7.0)) == pytest.approx(0.3)  # clamped
    assert one_link(hop(candidate=1.0)) < one_link(hop(reports=1))


def test_specificity_is_one_over_the_other_holders() -> None:
    assert specificity(1) == specificity(2) == 1.0
    assert specificity(3) == 0.5
    assert specificity(101) == pytest.approx(0.01)


def test_a_shared_value_weighs_by_specificity_and_stops_bridging_when_common() -> None:
    assert shared(2) == pytest.approx(0.9)
    assert shared(5) == pytest.approx(0.9 / 4)
    assert shared(MAX_SHARED) is not None
    assert shared(MAX_SHARED + 1) is None
    # A value two people share beats two stated relations through a third person.
    two_relations = score_path(
        [False, False, False], [None, 2, None], [hop(relations=1), hop(relations=1)], NOW
    )
    assert two_relations is not None
    assert shared(2) > two_relations.value


def test_degree_penalty_is_free_up_to_the_threshold_then_falls_with_the_root() -> None:
    assert degree_penalty(0) == degree_penalty(DEGREE_FREE) == 1.0
    assert degree_penalty(4 * DEGREE_FREE) == pytest.approx(0.5)
    assert degree_penalty(100 * DEGREE_FREE) == pytest.approx(0.1)
    quiet = score_path([False] * 3, [None, 3, None], [hop(reports=1)] * 2, NOW)
    busy = score_path([False] * 3, [None, 2500, None], [hop(reports=1)] * 2, NOW)
    assert quiet is not None
    assert busy is not None
    assert busy.value == pytest.approx(quiet.value * 0.1)


def test_recency_halves_per_half_life_with_a_floor() -> None:
    assert recency(NOW, NOW) == 1.0
    assert recency(NOW + timedelta(days=3), NOW) == 1.0
    assert recency(NOW - timedelta(days=HALF_LIFE_DAYS), NOW) == pytest.approx(0.5)
    assert recency(NOW - timedelta(days=10 * HALF_LIFE_DAYS), NOW) == RECENCY_FLOOR
    assert recency(None, NOW) == RECENCY_FLOOR


def test_a_path_is_as_recent_as_its_stalest_link() -> None:
    old = NOW - timedelta(days=HALF_LIFE_DAYS)
    path = score_path(
        [False] * 3, [None, 1, None],
        [HopSummary(reports=1, newest=NOW), HopSummary(reports=1, newest=old)], NOW,
    )
    assert path is not None
    assert path.value == pytest.approx(0.4 * 0.4 * 0.5)
    assert [f.kind for f in path.factors] == [
        EvidenceKind.SAME_REPORT, "degree_penalty", EvidenceKind.SAME_REPORT, "recency",
    ]


def test_the_score_is_the_product_of_its_factors() -> None:
    path = score_path(
        [False, True, False, False], [None, 3, 40, None],
        [hop(reports=1), hop(relations=1), hop(same_sentence=1)], NOW - timedelta(days=100),
    )
    assert path is not None
    product = 1.0
    for factor in path.factors:
        product *= factor.value
    assert path.value == pytest.approx(product)
    assert [f.at for f in path.factors] == [0, 2, 2, -1]


def test_a_hop_without_evidence_breaks_the_path() -> None:
    assert score_path([False] * 3, [None, 1, None], [hop(reports=1), hop()], NOW) is None


def test_a_lone_entity_scores_its_recency() -> None:
    assert score_entity(NOW, NOW).value == 1.0
    with pytest.raises(ValueError, match="at least one hop"):
        score_path([False], [None], [], NOW)


def test_in_a_nexus_the_far_end_weighs_like_an_intermediate() -> None:
    plain = score_path([False, False], [None, 2500], [hop(relations=1)], NOW)
    weighed = score_path([False, False], [None, 2500], [hop(relations=1)], NOW, weigh_end=True)
    assert plain is not None
    assert weighed is not None
    assert weighed.value == pytest.approx(plain.value * 0.1)
    assert weighed.factors[-2].kind == "degree_penalty"
    assert weighed.factors[-2].at == 1
    common_value = score_path([False, True], [None, MAX_SHARED + 1], [hop(reports=1)], NOW, weigh_end=True)
    assert common_value is None
