"""The query functions on the hand-built scenario, where every answer is known."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph_service.domain import Direction, EvidenceKind, Status, Verdict
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries import areas, entities, judgements, neighbourhood, nexus, paths, watchlist
from queries.analytics import ExportFormat, export, measures
from queries.hubs import HubPolicy, generic_location_keys
from queries.subgraph import from_paths
from tests.queries import scenario as sc
from tests.queries.world import GOD, LES, write

BOTH, LES_ONLY, SECRET_ONLY, PUBLIC, TOP = sc.BOTH, sc.LES_ONLY, sc.SECRET_ONLY, sc.PUBLIC, sc.TOP
WITH_HUBS = HubPolicy(include_hubs=True)


def routes(page: object) -> list[tuple[str, ...]]:
    return [n.path.keys for n in page.items]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ the worked example


def test_worked_example_an_les_analyst_sees_p_and_y_only(scenario_store: Store, as_of: datetime) -> None:
    assert entities.entity_kind(scenario_store, LES_ONLY, sc.X) is None
    assert entities.entity_kind(scenario_store, LES_ONLY, sc.P) == "Phone"
    links = entities.profile(scenario_store, LES_ONLY, sc.P)
    assert links is not None
    assert [link.key for link in links.links] == [sc.Y]
    assert paths.find_paths(scenario_store, LES_ONLY, sc.X, sc.Y, as_of=as_of) is None
    found = nexus.nexus_from_entity(scenario_store, LES_ONLY, sc.Y, as_of=as_of)
    assert found is not None
    assert found.items == ()


def test_worked_example_a_secret_analyst_without_les_sees_x_and_p_only(
    scenario_store: Store, as_of: datetime
) -> None:
    assert entities.entity_kind(scenario_store, SECRET_ONLY, sc.Y) is None
    profile = entities.profile(scenario_store, SECRET_ONLY, sc.P)
    assert profile is not None
    assert [link.key for link in profile.links] == [sc.X]
    assert profile.links[0].evidence is EvidenceKind.STATED_RELATION
    assert paths.find_paths(scenario_store, SECRET_ONLY, sc.X, sc.Y, as_of=as_of) is None
    found = nexus.nexus_from_entity(scenario_store, SECRET_ONLY, sc.X, as_of=as_of)
    assert found is not None
    assert found.items == ()


def test_worked_example_only_a_viewer_holding_both_sees_the_nexus(
    scenario_store: Store, as_of: datetime
) -> None:
    found = nexus.nexus_from_entity(scenario_store, BOTH, sc.Y, as_of=as_of)
    assert found is not None
    assert (sc.Y, sc.P, sc.X) in routes(found)
    chain = next(n for n in found.items if n.path.keys == (sc.Y, sc.P, sc.X))
    assert chain.direction is Direction.LE_TO_INTEL
    assert chain.path.score.factors[0].kind is EvidenceKind.SHARED_IDENTIFIER
    assert {rid for rid in chain.report_ids()} == {"A", "B"}
    result = paths.find_paths(scenario_store, BOTH, sc.X, sc.Y, as_of=as_of)
    assert result is not None
    assert [p.keys for p in result.paths] == [(sc.X, sc.P, sc.Y)]


def test_worked_example_nobody_else_has_a_path(scenario_store: Store, as_of: datetime) -> None:
    for who in (LES_ONLY, SECRET_ONLY, PUBLIC):
        assert paths.find_paths(scenario_store, who, sc.X, sc.Y, as_of=as_of) is None
    assert entities.entity_kind(scenario_store, PUBLIC, sc.P) is None


# ------------------------------------------------------------------ planted nexus and decoy


def test_the_shared_phone_nexus_ranks_first_and_the_city_never_bridges(
    scenario_store: Store, as_of: datetime
) -> None:
    found = nexus.nexus_from_entity(scenario_store, BOTH, sc.D, as_of=as_of)
    assert found is not None
    assert routes(found)[0] == (sc.D, sc.Q, sc.T)
    assert all(sc.H not in keys for keys in routes(found))


def test_with_hubs_included_the_city_decoy_still_ranks_below_the_phone(
    scenario_store: Store, as_of: datetime
) -> None:
    found = nexus.nexus_from_entity(
        scenario_store, BOTH, sc.D, as_of=as_of, hubs=HubPolicy(include_hubs=True)
    )
    assert found is not None
    ranked = routes(found)
    assert ranked[0] == (sc.D, sc.Q, sc.T)
    assert ranked.index((sc.D, sc.H, sc.T)) > 0


def test_a_report_nexus_starts_from_its_entities_but_not_from_hubs(
    scenario_store: Store, as_of: datetime
) -> None:
    found = nexus.nexus_from_report(scenario_store, BOTH, "C", as_of=as_of)
    assert found is not None
    assert {n.start for n in found.items} <= {sc.D, sc.Q}
    assert routes(found)[0] == (sc.D, sc.Q, sc.T)
    # The phone is in LE and INTEL reporting, but a value is nobody's subject by itself.
    assert all(len(keys) > 1 for keys in routes(found))
    assert nexus.nexus_from_report(scenario_store, SECRET_ONLY, "C", as_of=as_of) is None


def test_a_watchlisted_entity_is_a_subject_only_for_who_may_see_the_entry(
    scenario_store: Store, as_of: datetime
) -> None:
    seen = nexus.nexus_from_entity(scenario_store, BOTH, sc.SAM, as_of=as_of)
    assert seen is not None
    assert routes(seen) == [(sc.SAM, sc.CRES)]
    assert seen.items[0].watch_reason == "front company"
    unseen = nexus.nexus_from_entity(scenario_store, LES_ONLY, sc.SAM, as_of=as_of)
    assert unseen is not None
    assert unseen.items == ()


def test_nexus_pages_add_up_to_the_total(scenario_store: Store, as_of: datetime) -> None:
    whole = nexus.nexus_from_entity(scenario_store, TOP, sc.D, as_of=as_of, limit=100)
    assert whole is not None
    assert whole.total == len(whole.items) > 2
    pieces = []
    offset = 0
    while True:
        page = nexus.nexus_from_entity(scenario_store, TOP, sc.D, as_of=as_of, offset=offset, limit=2)
        assert page is not None
        assert page.total == whole.total
        pieces += page.items
        if page.next_offset is None:
            break
        offset = page.next_offset
    assert pieces == list(whole.items)


# ------------------------------------------------------------------ paths


def test_k_shortest_paths_come_fewest_hops_first_with_evidence(
    scenario_store: Store, as_of: datetime
) -> None:
    result = paths.find_paths(scenario_store, TOP, sc.D, sc.T, k=5, as_of=as_of, hubs=WITH_HUBS)
    assert result is not None
    keys = [p.keys for p in result.paths]
    assert keys[0] == (sc.D, sc.Q, sc.T)
    assert (sc.D, sc.H, sc.T) in keys
    assert [len(k) for k in keys] == sorted(len(k) for k in keys)
    for path in result.paths:
        for h in path.hops:
            assert h.evidence.comentions or h.evidence.relations or h.evidence.candidate
    snippet = result.paths[0].hops[0].evidence.comentions[0].snippet
    assert snippet is not None
    assert "Daniel Reyes" in snippet


def test_a_hidden_report_never_carries_a_path(scenario_store: Store, as_of: datetime) -> None:
    # Only the TOP SECRET report Z ties Reyes to Haddad directly.
    top = paths.find_paths(scenario_store, TOP, sc.D, sc.X, k=1, as_of=as_of)
    assert top is not None
    assert top.paths[0].keys == (sc.D, sc.X)
    both = paths.find_paths(scenario_store, BOTH, sc.D, sc.X, k=3, as_of=as_of)
    assert both is not None
    assert all(len(p.hops) > 1 for p in both.paths)


def test_path_arguments_are_checked(scenario_store: Store) -> None:
    with pytest.raises(ValueError, match="differ"):
        paths.find_paths(scenario_store, BOTH, sc.D, sc.D)
    with pytest.raises(ValueError, match="max_hops"):
        paths.find_paths(scenario_store, BOTH, sc.D, sc.T, max_hops=7)


# ------------------------------------------------------------------ entities


def test_search_finds_names_identifiers_and_fuzzy_spellings(scenario_store: Store) -> None:
    assert [h.key for h in entities.search(scenario_store, LES_ONLY, "Daniel Reyes").items] == [sc.D]
    assert [h.key for h in entities.search(scenario_store, LES_ONLY, "713.555.0199").items] == [sc.Q]
    fuzzy = entities.search(scenario_store, LES_ONLY, "Danial Reyes").items
    assert fuzzy
    assert fuzzy[0].key == sc.D
    assert entities.search(scenario_store, LES_ONLY, "Tariq").items == ()
    assert [h.key for h in entities.search(scenario_store, SECRET_ONLY, "Tariq").items] == [sc.T]


def test_search_never_matches_or_shows_a_hidden_alias(scenario_store: Store) -> None:
    assert entities.search(scenario_store, LES_ONLY, "Dr").items == ()
    hit = entities.search(scenario_store, LES_ONLY, "Daniel").items[0]
    assert hit.aliases == ()
    assert hit.reports == 2
    top = entities.search(scenario_store, TOP, "Dr").items
    assert [h.key for h in top] == [sc.D]
    assert top[0].aliases == ("Dr. Daniel Reyes",)


def test_search_pages_add_up_and_lucene_syntax_is_inert(scenario_store: Store) -> None:
    whole = entities.search(scenario_store, GOD, "Bystander", limit=100)
    assert whole.total == 5
    first = entities.search(scenario_store, GOD, "Bystander", limit=3)
    rest = entities.search(scenario_store, GOD, "Bystander", offset=3, limit=3)
    assert first.items + rest.items == whole.items
    assert rest.next_offset is None
    assert [h.key for h in entities.search(scenario_store, GOD, 'Reyes"~ (:').items] == [sc.D]
    assert entities.search(scenario_store, GOD, 'Reyes") OR *:* OR ("').items == ()
    assert entities.search(scenario_store, GOD, "*:*").items == ()


def test_profile_counts_only_visible_mentions(scenario_store: Store) -> None:
    les = entities.profile(scenario_store, LES_ONLY, sc.D)
    top = entities.profile(scenario_store, TOP, sc.D)
    assert les is not None
    assert top is not None
    assert (les.reports, les.le_reports, les.intel_reports) == (2, 2, 0)
    assert [n.text for n in les.names] == ["Daniel Reyes"]
    assert {n.text for n in top.names} == {"Daniel Reyes", "Dr. Daniel Reyes"}
    assert [r.id for r in les.latest] == ["I", "C"]
    assert {a.code for a in les.areas} == {"TX", "UA-HOU"}
    assert sc.X not in {link.key for link in les.links}
    assert sc.X in {link.key for link in top.links}
    assert les.links[0].key == sc.Q
    assert les.links[0].evidence is EvidenceKind.SAME_SENTENCE


def test_profile_of_an_identifier_lists_its_values(scenario_store: Store) -> None:
    profile = entities.profile(scenario_store, BOTH, sc.Q)
    assert profile is not None
    assert [n.text for n in profile.identifiers] == ["+17135550199"]
    assert profile.name == "+17135550199"


def test_timeline_is_in_time_order_and_windowed(scenario_store: Store) -> None:
    page = entities.timeline(scenario_store, TOP, sc.D)
    assert page is not None
    assert [i.report.id for i in page.items] == ["C", "I", "Z"]
    since = datetime.fromisoformat("2025-05-15T00:00:00+00:00")
    windowed = entities.timeline(scenario_store, TOP, sc.D, since=since, limit=1)
    assert windowed is not None
    assert windowed.total == 2
    assert [i.report.id for i in windowed.items] == ["I"]
    assert entities.timeline(scenario_store, PUBLIC, sc.D) is None


def test_neighbourhood_expands_by_level_and_keeps_hubs_as_leaves(scenario_store: Store) -> None:
    sub = neighbourhood.neighbourhood(scenario_store, LES_ONLY, sc.D, hops=2)
    assert sub is not None
    keys = {n.key for n in sub.nodes}
    assert keys >= {sc.D, sc.Q, sc.H}
    assert not any(k.startswith("person:bystander") for k in keys)  # Houston is not expanded
    wide = neighbourhood.neighbourhood(scenario_store, LES_ONLY, sc.D, hops=2, hubs=WITH_HUBS)
    assert wide is not None
    assert any(n.key.startswith("person:bystander") for n in wide.nodes)
    assert {(e.a, e.b) for e in sub.edges} >= {(sc.D, sc.Q)}


def test_neighbourhood_filters_and_budget(scenario_store: Store) -> None:
    phones = neighbourhood.neighbourhood(scenario_store, BOTH, sc.D, hops=2, kinds=["Phone"])
    assert phones is not None
    assert {n.key for n in phones.nodes} == {sc.D, sc.Q}
    small = neighbourhood.neighbourhood(scenario_store, BOTH, sc.D, hops=3, max_nodes=2, hubs=WITH_HUBS)
    assert small is not None
    assert len(small.nodes) == 2
    assert small.truncated
    related = neighbourhood.neighbourhood(scenario_store, BOTH, sc.P, relations=["CALLED"])
    assert related is not None
    assert {n.key for n in related.nodes} == {sc.P, sc.Y}
    late = neighbourhood.neighbourhood(
        scenario_store, BOTH, sc.D, since=datetime.fromisoformat("2025-05-15T00:00:00+00:00")
    )
    assert late is not None
    assert {n.key for n in late.nodes} == {sc.D, "location:dallas"}


def test_analytics_and_exports_of_a_returned_subgraph(scenario_store: Store, as_of: datetime) -> None:
    sub = neighbourhood.neighbourhood(scenario_store, BOTH, sc.D, hops=2)
    assert sub is not None
    found = measures(sub)
    assert set(found) == {n.key for n in sub.nodes}
    assert max(found.values(), key=lambda m: m.degree) == found[sc.Q] or found[sc.Q].degree > 0
    for fmt in ExportFormat:
        data = export(sub, fmt)
        assert b"Daniel Reyes" in data
    result = paths.find_paths(scenario_store, BOTH, sc.X, sc.Y, as_of=as_of)
    assert result is not None
    graph = export(from_paths(result.paths), ExportFormat.JSON)
    assert b"person:omar farouk" in graph
    assert b'"A;' not in graph


# ------------------------------------------------------------------ areas


def test_area_picture_counts_by_side_and_agency_and_finds_the_nexus(scenario_store: Store) -> None:
    since = datetime.fromisoformat("2025-04-01T00:00:00+00:00")
    until = datetime.fromisoformat("2025-07-01T00:00:00+00:00")
    both = areas.area_picture(scenario_store, BOTH, "TX", since, until)
    les = areas.area_picture(scenario_store, LES_ONLY, "TX", since, until)
    assert both is not None
    assert les is not None
    assert "UA-HOU" in both.codes
    counts = {(a.side, a.agency): (a.current, a.previous) for a in both.activity}
    assert counts[("INTEL", "FBI")] == (1, 1)
    assert counts[("LE", "Houston Police Department")] == (2, 0)
    assert ("INTEL", "FBI") not in {(a.side, a.agency) for a in les.activity}
    assert both.reports == sum(a.current for a in both.activity)
    assert (sc.D, sc.Q, sc.T) in [n.path.keys for n in both.nexus]
    assert all(n.start != sc.H for n in both.nexus)
    assert sc.D in {e.key for e in les.new_entities}
    assert areas.area_picture(scenario_store, BOTH, "XX", since, until) is None


# ------------------------------------------------------------------ judgements and watchlist


def test_candidates_are_listed_and_judged_and_a_verdict_changes_paths(
    scenario_store: Store, as_of: datetime
) -> None:
    assert judgements.list_candidates(scenario_store, LES_ONLY).total == 0
    listed = judgements.list_candidates(scenario_store, BOTH, entity=sc.MO)
    assert [(c.a, c.b, c.status) for c in listed.items] == [(sc.MO, sc.MU, Status.OPEN)]
    blind = judgements.judge(scenario_store, LES_ONLY, sc.MO, sc.MU, Verdict.CONFIRMED, by="x", at=as_of)
    assert blind is None
    try:
        done = judgements.judge(scenario_store, BOTH, sc.MU, sc.MO, Verdict.CONFIRMED, by="both", at=as_of)
        assert done is not None
        assert (done.a, done.b, done.verdict) == (sc.MO, sc.MU, Verdict.CONFIRMED)
        same = paths.find_paths(scenario_store, BOTH, sc.MO, sc.T, as_of=as_of)
        assert same is not None
        assert same.paths[0].hops[0].kind is EvidenceKind.SAME_ENTITY
        assert judgements.list_candidates(scenario_store, BOTH, status=Status.CONFIRMED).total == 1
        judgements.judge(scenario_store, BOTH, sc.MO, sc.MU, Verdict.REJECTED, by="both", at=as_of)
        assert paths.find_paths(scenario_store, BOTH, sc.MO, sc.T, as_of=as_of) == paths.PathResult((), False)
        assert judgements.list_candidates(scenario_store, BOTH, status=Status.OPEN).total == 0
    finally:
        write(scenario_store, sc.WORLD)


def test_watchlist_entries_are_listed_by_label_and_never_overwritten_blind(
    scenario_store: Store, as_of: datetime
) -> None:
    assert watchlist.listing(scenario_store, LES_ONLY).total == 0
    entries = watchlist.listing(scenario_store, BOTH)
    assert [(e.key, e.name) for e in entries.items] == [(sc.CRES, "Crescent Logistics")]
    with pytest.raises(watchlist.LabelNotHeld):
        watchlist.add(scenario_store, LES_ONLY, sc.Y, "x", "SECRET//NOFORN", by="les", at=as_of)
    assert not watchlist.remove(scenario_store, LES_ONLY, sc.CRES)
    added = watchlist.add(scenario_store, LES_ONLY, sc.Y, "caller", "UNCLASSIFIED//LES", by="les", at=as_of)
    assert added.name == "Omar Farouk"
    assert watchlist.remove(scenario_store, LES_ONLY, sc.Y)
    assert watchlist.entry_key(sc.PHONE, "(202) 555-0143") == sc.P


def test_an_entry_under_a_hidden_label_neither_blocks_nor_is_replaced(
    scenario_store: Store, as_of: datetime
) -> None:
    def listed(viewer: Viewer) -> list[tuple[str, str]]:
        return [(e.key, e.reason) for e in watchlist.listing(scenario_store, viewer).items]

    try:
        # Crescent's entry is SECRET; the LES analyst's own goes alongside it, unaware.
        watchlist.add(scenario_store, LES_ONLY, sc.CRES, "first", LES, by="les", at=as_of)
        mine = watchlist.add(scenario_store, LES_ONLY, sc.CRES, "mine", LES, by="les", at=as_of)
        assert (mine.key, mine.reason, mine.name) == (sc.CRES, "mine", "Crescent Logistics")
        assert listed(LES_ONLY) == [(sc.CRES, "mine")]  # the same label replaced, once
        assert listed(BOTH) == [(sc.CRES, "mine"), (sc.CRES, "front company")]
        # Profile and nexus use the newest entry each viewer may see.
        for who in (LES_ONLY, BOTH):
            profile = entities.profile(scenario_store, who, sc.CRES)
            assert profile is not None
            assert profile.watch is not None
            assert profile.watch.reason == "mine"
        found = nexus.nexus_from_entity(scenario_store, LES_ONLY, sc.SAM, as_of=as_of)
        assert found is not None
        assert routes(found) == [(sc.SAM, sc.CRES)]
        assert found.items[0].watch_reason == "mine"
        # Removing takes away what the remover sees, and only that.
        assert watchlist.remove(scenario_store, LES_ONLY, sc.CRES)
        assert not watchlist.remove(scenario_store, LES_ONLY, sc.CRES)
        assert listed(BOTH) == [(sc.CRES, "front company")]
    finally:
        write(scenario_store, sc.WORLD)


# ------------------------------------------------------------------ limits and timeouts


def test_hub_keys_cover_states_cities_and_countries() -> None:
    keys = generic_location_keys()
    assert {"location:texas", "location:houston", "location:houston tx", "location:france"} <= keys
    assert "location:springfield" not in keys
