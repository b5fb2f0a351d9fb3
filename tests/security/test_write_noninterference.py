"""Noninterference at write time (issue #25): what a low viewer is shown never depends on
whether, or when, reports it may not see were ingested.

For random worlds of low (LES) and high (SECRET//NOFORN, TOP SECRET//SI//NOFORN) reports
about a few people who share names, spelling variants, birth years and phones, the low
reports are ingested alone, after the high ones, before them, and interleaved with them,
one report a batch from the feed of its marking, through ingest's own resolver and writer
(the extraction a report's text would give is built with it, so no spaCy run is needed).
After the high reports a TOP SECRET//SI analyst without LES rejects every candidate they
see. The LES analyst's answers must be identical in all four graphs: search hits (keys,
names, counts, report ids), profiles, candidates with their status, and the neighbourhood
export of every entity.

A few hundred worlds in the default run; 10,000 under the `soak` marker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, Extraction, Mention, Report, Side, Verdict
from graph_service.domain.identifiers import normalise
from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from ingest.resolve import resolve
from ingest.writer import write_batch
from queries import entities, judgements
from queries.analytics import ExportFormat, export
from queries.neighbourhood import neighbourhood

LES = "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
HIGH = ("SECRET//NOFORN", "TOP SECRET//SI//NOFORN")
PEOPLE = ("Karim Haddad", "Kareem Haddad", "Karim Hadad", "Omar Nassar", "Umar Nassar")
PHONES = ("+1 202-555-0143", "+1 202-555-0199")
ORGS = ("Crescent Logistics",)
BORN = (None, 1970, 1971, 1995)

# Reads wait long: the answers are compared, not timed, and the test machine is shared.
T = 300.0
LOW_VIEWER = Viewer.from_attributes("low", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
HIGH_JUDGE = Viewer.from_attributes("high", Level.TOP_SECRET, ["SI"], ["USA"], [])
# The feed each marking comes from: the intelligence feeds hold no LES, so they may not
# read (nor replace) an LES report that shares an id with theirs.
WRITERS = {
    LES: LOW_VIEWER,
    "SECRET//NOFORN": Viewer.from_attributes("s-feed", Level.SECRET, [], ["USA"], []),
    "TOP SECRET//SI//NOFORN": HIGH_JUDGE,
}


@dataclass(frozen=True)
class Said:
    """One thing a report says: a person (with a birth year or none), a phone or a group."""

    kind: EntityKind
    surface: str
    born: int | None = None


@dataclass(frozen=True)
class Doc:
    """A report of a random world."""

    id: str
    marking: str
    said: tuple[Said, ...]

    def written(self) -> tuple[Report, Extraction]:
        """The report and the extraction ingest would make of its text."""
        text, mentions = "", []
        for item in self.said:
            start = len(text)
            text += item.surface
            value = normalise(item.kind, item.surface) if item.kind in IDENTIFIER_KINDS else None
            mentions.append(Mention(kind=item.kind, surface=item.surface, start=start, end=len(text),
                                    sentence=0, confidence=0.9, value=value))
            text += f", born {item.born}, " if item.born else " "
        text += "were noted."
        side = Side.LE if self.marking == LES else Side.INTEL
        report = Report(
            id=self.id, agency="Test Agency", side=side, marking=self.marking, area=None,
            reported_at=datetime(2025, 5, 1, tzinfo=UTC), event_at=None, title=self.id, text=text,
        )
        return report, Extraction(tuple(mentions), ())


SAID = st.one_of(
    st.builds(Said, st.just(EntityKind.PERSON), st.sampled_from(PEOPLE), st.sampled_from(BORN)),
    st.builds(Said, st.just(EntityKind.PHONE), st.sampled_from(PHONES)),
    st.builds(Said, st.just(EntityKind.ORGANIZATION), st.sampled_from(ORGS)),
)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Doc], list[Doc], list[bool]]:
    """Low reports, high reports, and an interleaving (True: the next high one)."""
    def docs(markings: st.SearchStrategy[str]) -> list[Doc]:
        # Few ids: a report sent again replaces its own, and the same id at both levels
        # (polyinstantiation) is part of the world.
        return [
            Doc(f"R-{draw(st.integers(0, 3))}", draw(markings),
                tuple(draw(st.lists(SAID, min_size=1, max_size=3))))
            for _ in range(draw(st.integers(1, 4)))
        ]
    low = docs(st.just(LES))
    high = docs(st.sampled_from(HIGH))
    order = draw(st.permutations([False] * len(low) + [True] * len(high)))
    return low, high, order


def ingest_in(store: Store, order: list[Doc], judge_after: int | None) -> None:
    """Write `order` one report a batch; after the `judge_after`-th, the high analyst
    rejects every candidate they may see."""
    store.run_batched("wipe_data", {})
    for n, doc in enumerate(order, start=1):
        write_batch(store, [resolve(*doc.written())], WRITERS[doc.marking])
        if n == judge_after:
            seen = judgements.list_candidates(store, HIGH_JUDGE, limit=100, timeout_s=T).items
            for c in seen:
                judgements.judge(store, HIGH_JUDGE, c.a, c.b, Verdict.REJECTED, by="high",
                                 at=datetime(2025, 6, 1, tzinfo=UTC))


def answers(store: Store) -> dict[str, Any]:
    """Everything the low viewer is shown about the world."""
    found: dict[str, Any] = {}
    keys: set[str] = set()
    for q in (*PEOPLE, *PHONES, *ORGS):
        hits = entities.search(store, LOW_VIEWER, q, limit=50, timeout_s=T).items
        found[f"search {q}"] = [(h.key, h.name, h.reports, tuple(h.report_ids)) for h in hits]
        keys.update(h.key for h in hits)
    page = judgements.list_candidates(store, LOW_VIEWER, limit=100, timeout_s=T)
    found["candidates"] = [
        (c.a, c.b, c.a_name, c.b_name, c.score, c.method, c.status.value, c.reports) for c in page.items
    ]
    for key in sorted(keys):
        found[f"profile {key}"] = repr(entities.profile(store, LOW_VIEWER, key, timeout_s=T))
        sub = neighbourhood(store, LOW_VIEWER, key, timeout_s=T)
        found[f"export {key}"] = json.loads(export(sub, ExportFormat.JSON)) if sub else None
    return found


def check(store: Store, world: tuple[list[Doc], list[Doc], list[bool]]) -> None:
    low, high, order = world
    alone = (ingest_in(store, low, None), answers(store))[1]
    arrangements = {
        "before": high + low,
        "after": low + high,
        "interleaved": [(high if is_high else low)[sum(1 for h in order[:i] if h == is_high)]
                        for i, is_high in enumerate(order)],
    }
    for name, docs in arrangements.items():
        last_high = max(i for i, d in enumerate(docs, start=1) if d in high)
        ingest_in(store, docs, last_high)
        assert answers(store) == alone, f"the low viewer's answers changed with the high reports {name}"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(worlds())
def test_high_reports_change_nothing_a_low_viewer_is_shown(
    store: Store, world: tuple[list[Doc], list[Doc], list[bool]]
) -> None:
    check(store, world)


@pytest.mark.soak
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(worlds())
def test_high_reports_change_nothing_a_low_viewer_is_shown_soak(
    store: Store, world: tuple[list[Doc], list[Doc], list[bool]]
) -> None:
    check(store, world)
