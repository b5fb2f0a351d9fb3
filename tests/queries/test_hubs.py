"""Count hubs: an entity that more than HUB_REPORTS visible reports mention stops bridging,
for the viewers who see that many reports, and only for them."""

from __future__ import annotations

import pytest

import queries
from graph_service.domain import HUB_PLACE_REPORTS, HUB_REPORTS, EntityKind
from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from queries import neighbourhood, nexus, paths
from queries.hubs import HubPolicy
from tests.queries.world import INTEL, LE, OPEN, S, U, World, mention, report, viewer, write

ALPHA = mention(EntityKind.PERSON, "Alvaro Quintero")
OMEGA = mention(EntityKind.PERSON, "Oksana Melnyk")
DEPOT = mention(EntityKind.ORGANIZATION, "Westfield Freight Depot")
FAR = mention(EntityKind.PERSON, "Farida Haidari")

PUBLIC = viewer("public")
SECRET = viewer("secret", Level.SECRET)

# Two open reports join Alpha and Omega through the depot; HUB_REPORTS secret reports name
# the depot alone, so a SECRET viewer sees it in more than HUB_REPORTS reports. Farida is
# two hops from the depot, through Omega.
WORLD = World((
    report("H-A", LE, U, ALPHA, DEPOT, at="2025-05-01T10:00:00+00:00"),
    report("H-O", INTEL, U, OMEGA, DEPOT, at="2025-05-02T10:00:00+00:00"),
    report("H-F", INTEL, U, OMEGA, FAR, at="2025-05-03T10:00:00+00:00"),
    *(report(f"H-S{i}", OPEN, S, DEPOT, at="2025-04-01T10:00:00+00:00") for i in range(HUB_REPORTS)),
))


@pytest.fixture(scope="module")
def hub_store(store: Store) -> Store:
    """The store holding exactly WORLD."""
    write(store, WORLD)
    return store


def test_a_busy_entity_bridges_only_for_viewers_who_see_few_of_its_reports(hub_store: Store) -> None:
    few = paths.find_paths(hub_store, PUBLIC, ALPHA.key, OMEGA.key)
    assert few is not None
    assert [p.keys for p in few.paths] == [(ALPHA.key, DEPOT.key, OMEGA.key)]
    many = paths.find_paths(hub_store, SECRET, ALPHA.key, OMEGA.key)
    assert many is not None
    assert many.paths == ()
    asked = paths.find_paths(hub_store, SECRET, ALPHA.key, OMEGA.key, hubs=HubPolicy(include_hubs=True))
    assert asked is not None
    assert [p.keys for p in asked.paths] == [(ALPHA.key, DEPOT.key, OMEGA.key)]


def test_a_count_hub_ends_a_neighbourhood_and_blocks_a_nexus(hub_store: Store) -> None:
    public = neighbourhood.neighbourhood(hub_store, PUBLIC, ALPHA.key, hops=2)
    secret = neighbourhood.neighbourhood(hub_store, SECRET, ALPHA.key, hops=2)
    assert public is not None
    assert secret is not None
    assert {n.key for n in public.nodes} == {ALPHA.key, DEPOT.key, OMEGA.key}
    assert {n.key for n in secret.nodes} == {ALPHA.key, DEPOT.key}
    public_nexus = nexus.nexus_from_entity(hub_store, PUBLIC, ALPHA.key)
    secret_nexus = nexus.nexus_from_entity(hub_store, SECRET, ALPHA.key)
    assert public_nexus is not None
    assert secret_nexus is not None
    assert (ALPHA.key, DEPOT.key, OMEGA.key) in [n.path.keys for n in public_nexus.items]
    assert secret_nexus.items == ()


def test_a_hub_start_is_searched_one_hop_deep_unless_hubs_are_included(hub_store: Store) -> None:
    def others(who: Viewer, include_hubs: bool = False) -> set[str]:
        found = nexus.nexus_from_entity(hub_store, who, DEPOT.key, hubs=HubPolicy(include_hubs=include_hubs))
        assert found is not None
        return {n.other for n in found.items}

    # The depot is on both sides itself: a nexus of no hops, whoever asks.
    assert others(PUBLIC) == {DEPOT.key, ALPHA.key, OMEGA.key, FAR.key}
    assert others(SECRET) == {DEPOT.key, ALPHA.key, OMEGA.key}
    assert others(SECRET, include_hubs=True) == {DEPOT.key, ALPHA.key, OMEGA.key, FAR.key}


def test_the_busy_migrations_use_the_hub_thresholds() -> None:
    (statement,) = next(s for v, _, s in queries.migrations() if v == 5)
    assert f"> {HUB_REPORTS}\n" in statement
    (statement,) = next(s for v, _, s in queries.migrations() if v == 20)
    assert f"> {HUB_PLACE_REPORTS}\n" in statement


def test_a_hub_start_keeps_its_most_recently_reported_ends(store: Store) -> None:
    # More intelligence subjects around one hub than a hub start reads: the newest stay.
    # (After the tests on the fixture's world: it replaces it.)
    subjects = [
        mention(EntityKind.PERSON, f"Subject Number{i:03d}") for i in range(nexus.HUB_ROUTE_LIMIT + 5)
    ]
    write(store, World((
        report("B-LE", LE, U, DEPOT, at="2025-01-01T10:00:00+00:00"),
        *(report(f"B-{i:03d}", INTEL, U, DEPOT, who,
                 at=f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00+00:00")
          for i, who in enumerate(subjects)),
    )))
    found = nexus.nexus_from_entity(store, PUBLIC, DEPOT.key, limit=nexus.HUB_ROUTE_LIMIT + 5)
    assert found is not None
    assert found.truncated
    assert {n.other for n in found.items} - {DEPOT.key} == {m.key for m in subjects[5:]}


def test_a_busy_place_stops_bridging_long_before_a_busy_group(store: Store) -> None:
    # A venue and a depot company, each named by as many open reports: the venue is a
    # crowd's place and joins nobody; the company still joins its two contacts.
    venue = mention(EntityKind.FACILITY, "Times Square")
    write(store, World((
        report("V-A", LE, U, ALPHA, venue, DEPOT, at="2025-05-01T10:00:00+00:00"),
        report("V-O", INTEL, U, OMEGA, venue, DEPOT, at="2025-05-02T10:00:00+00:00"),
        *(report(f"V-{i:03d}", OPEN, U, venue, DEPOT, at="2025-04-01T10:00:00+00:00")
          for i in range(HUB_PLACE_REPORTS)),
    )))
    found = paths.find_paths(store, PUBLIC, ALPHA.key, OMEGA.key)
    assert found is not None
    assert [p.keys for p in found.paths] == [(ALPHA.key, DEPOT.key, OMEGA.key)]
    asked = paths.find_paths(store, PUBLIC, ALPHA.key, OMEGA.key, hubs=HubPolicy(include_hubs=True))
    assert asked is not None
    assert (ALPHA.key, venue.key, OMEGA.key) in {p.keys for p in asked.paths}
