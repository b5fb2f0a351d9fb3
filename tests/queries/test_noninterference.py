"""Noninterference: what a viewer gets depends only on what the viewer may see.

hypothesis draws small worlds (reports with random sides, markings, dates, areas and
overlapping entities; a candidate; watchlist entries) and a random viewer. Every query
function must answer that viewer identically on three worlds: the full world, the world
with everything the viewer may not see deleted, and the full world with extra reports,
entries and candidates the viewer may not see added. "Identically" is equality of the
frozen result records: ids, names, counts, totals, scores, order and pagination offsets.

The default run draws a few hundred cases; `-m soak` draws 10,000.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.domain import EntityKind, RelationKind, Side
from graph_service.store import Store
from graph_service.visibility import Level, Viewer
from queries import areas, entities, judgements, neighbourhood, nexus, paths, picture, watchlist
from queries.hubs import HubPolicy
from tests.queries.world import (
    C_REL,
    LES,
    S_LES,
    TS,
    Cand,
    M,
    Rel,
    Rep,
    S,
    U,
    Watch,
    World,
    mention,
    viewer,
    write,
)

# Each entity with the spellings reports use for it (all resolve to one key), so that a
# display name or alias leaks if a hidden mention is ever counted.
SPELLINGS = (
    (EntityKind.PERSON, ("Ali Hassan", "ALI HASSAN", "Mr. Ali Hassan")),
    (EntityKind.PERSON, ("Omar Farouk", "Omar FAROUK")),
    (EntityKind.PERSON, ("Karim Haddad", "Dr. Karim Haddad")),
    (EntityKind.PERSON, ("Mohammed Al-Rashid", "Mohammed Al Rashid")),
    (EntityKind.PERSON, ("Muhammad Al Rashid",)),
    (EntityKind.PHONE, ("(202) 555-0143", "+1 202 555 0143", "202.555.0143")),
    (EntityKind.PHONE, ("(713) 555-0199", "713-555-0199")),
    (EntityKind.ORGANIZATION, ("Crescent Logistics", "Crescent Logistics LLC")),
    (EntityKind.LOCATION, ("Houston", "HOUSTON")),
    (EntityKind.LOCATION, ("Springfield",)),
)
POOL = tuple(mention(kind, names[0]) for kind, names in SPELLINGS)
KEYS = tuple(sorted({m.key for m in POOL}))
MO, MU = POOL[3].key, POOL[4].key
MARKINGS = (U, LES, C_REL, S, S_LES, TS)
# "Mr", "Dr" and "LLC" match one spelling only: an alias that only a hidden report uses.
QUERIES = ("Hassan", "al rashid", "555", "Crescent", "Houston", "Omar Farouk", "Mr", "Dr", "LLC")
AS_OF = datetime.fromisoformat("2025-12-31T00:00:00+00:00")
SINCE = datetime.fromisoformat("2025-06-01T00:00:00+00:00")


@st.composite
def reports(draw: st.DrawFn, prefix: str, count: st.SearchStrategy[int]) -> tuple[Rep, ...]:
    """Reports mentioning 1-4 entities of the pool, sometimes stating a relation."""
    found = []
    for i in range(draw(count)):
        picked = draw(st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=4, unique=True))
        mentions = tuple(
            M(kind, draw(st.sampled_from(names)), draw(st.integers(0, 1))) for kind, names in picked
        )
        if len(mentions) > 1 and draw(st.booleans()):
            # The same entity named twice in one report: two parallel mentions.
            mentions += (M(mentions[0].kind, draw(st.sampled_from(picked[0][1])), 1),)
        relations = (Rel(draw(st.sampled_from(sorted(RelationKind))), 0, 1),) if (
            len(picked) > 1 and draw(st.booleans())
        ) else ()
        found.append(Rep(
            id=f"{prefix}{i}", side=draw(st.sampled_from(sorted(Side))),
            marking=draw(st.sampled_from(MARKINGS)), mentions=mentions, relations=relations,
            area=draw(st.sampled_from(["TX", "UA-HOU", "DC", None])),
            at=f"2025-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}T12:00:00+00:00",
            agency=draw(st.sampled_from(["FBI", "Houston Police Department"])),
        ))
    return tuple(found)


def candidate(draw: st.DrawFn, reps: tuple[Rep, ...]) -> tuple[Cand, ...]:
    """The Al-Rashid spelling candidate, when both spellings are mentioned."""
    first_mo = next((r.id for r in reps if any(m.key == MO for m in r.mentions)), None)
    first_mu = next((r.id for r in reps if any(m.key == MU for m in r.mentions)), None)
    if first_mo is None or first_mu is None or not draw(st.booleans()):
        return ()
    return (Cand(MO, MU, draw(st.sampled_from([0.7, 0.9])), (first_mo, first_mu)),)


@dataclass(frozen=True)
class Attributes:
    """What a viewer is cleared for."""

    clearance: Level
    les: bool
    si: bool
    citizenship: str

    def viewer(self) -> Viewer:
        return viewer(
            "viewer", self.clearance, les=self.les, compartments=("SI",) if self.si else (),
            citizenship=(self.citizenship,),
        )


attributes = st.builds(
    Attributes, st.sampled_from(list(Level)), st.booleans(), st.booleans(),
    st.sampled_from(["USA", "GBR"]),
).filter(lambda a: not (a.si and a.clearance is Level.UNCLASSIFIED))


@st.composite
def cases(draw: st.DrawFn) -> tuple[World, World, Attributes]:
    """A world, the same world with hidden additions, and the viewer's attributes."""
    cleared = draw(attributes)
    who = cleared.viewer()
    reps = draw(reports("R", st.integers(1, 6)))
    cands = candidate(draw, reps)
    judged = ((MO, MU, draw(st.sampled_from(["confirmed", "rejected"]))),) if cands and draw(
        st.booleans()
    ) else ()
    watches = tuple(
        Watch(key, "of interest", draw(st.sampled_from(MARKINGS)))
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=2, unique=True))
    )
    world = World(reps, cands, watches, judged)
    # Additions the viewer may not see: hidden reports about the same entities, hidden
    # entries (beside visible ones too), a hidden candidate if hidden reports allow it.
    hidden = [r for r in draw(reports("H", st.integers(0, 4))) if not who.can_see(list(r.label))]
    extra_watches = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=2, unique=True)):
        entry = Watch(key, "hidden interest", draw(st.sampled_from(MARKINGS)))
        # One entry per entity and label: a hidden entry may sit beside a visible one.
        if not who.can_see(list(entry.label)):
            extra_watches.append(entry)
    extra = World(tuple(hidden), (), tuple(extra_watches))
    full_with_hidden = world.plus(extra)
    if not cands:
        hidden_cand = candidate(draw, full_with_hidden.reports)
        if hidden_cand and not who.can_see(list(full_with_hidden.candidate_label(hidden_cand[0]))):
            full_with_hidden = full_with_hidden.plus(World((), hidden_cand))
    return world, full_with_hidden, cleared


def answers(store: Store, who: Viewer, pick: dict[str, Any]) -> dict[str, Any]:
    """Every query's answer for `who` on the store (holding some version of `world`)."""
    key, other = pick["key"], pick["other"]
    hubs = HubPolicy(include_hubs=pick["hubs"])
    calls: dict[str, Callable[[], Any]] = {
        # Searches are cheap: every query of the list, so that a rare alias shows up.
        "search": lambda: [entities.search(store, who, q, limit=3) for q in QUERIES],
        "search_p2": lambda: entities.search(store, who, pick["query"], offset=3, limit=3),
        "profile": lambda: entities.profile(store, who, key),
        # One item a page, for every entity: a hidden report that takes a slot shows.
        "timeline": lambda: [entities.timeline(store, who, k, limit=1) for k in KEYS],
        "timeline_p2": lambda: [entities.timeline(store, who, k, offset=1, limit=1) for k in KEYS],
        "neighbourhood": lambda: neighbourhood.neighbourhood(store, who, key, hops=2, hubs=hubs),
        "paths": lambda: paths.find_paths(store, who, key, other, k=pick["k"], as_of=AS_OF, hubs=hubs),
        "nexus": lambda: nexus.nexus_from_entity(
            store, who, key, max_hops=pick["hops"], as_of=AS_OF, hubs=hubs, limit=5
        ),
        "nexus_report": lambda: nexus.nexus_from_report(store, who, pick["report"], as_of=AS_OF),
        "area": lambda: areas.area_picture(store, who, "TX", SINCE, AS_OF, top=5),
        "picture": lambda: picture.national_picture(store, who, SINCE, AS_OF),
        "picture_until": lambda: [areas.default_until(store, who, c, AS_OF) for c in (None, ("TX",))],
        "candidates": lambda: judgements.list_candidates(store, who),
        "watchlist": lambda: watchlist.listing(store, who),
    }
    return {name: call() for name, call in calls.items()}


def check(store: Store, case: tuple[World, World, Attributes], pick: dict[str, Any]) -> None:
    world, with_hidden, cleared = case
    who = cleared.viewer()
    worlds = {"full": world, "seen": world.seen_by(who), "hidden_added": with_hidden}
    results = {}
    for name, version in worlds.items():
        write(store, version)
        results[name] = answers(store, who, pick)
    for name in ("seen", "hidden_added"):
        for query, expected in results["full"].items():
            assert results[name][query] == expected, f"{query} differs on the {name} world"


def distinct(pick: dict[str, Any]) -> dict[str, Any]:
    """`pick` with a path target other than its source."""
    if pick["key"] != pick["other"]:
        return pick
    return {**pick, "other": KEYS[(KEYS.index(pick["key"]) + 1) % len(KEYS)]}


picks = st.fixed_dictionaries({
    "key": st.sampled_from(KEYS),
    "other": st.sampled_from(KEYS),
    "hubs": st.booleans(),
    "query": st.sampled_from(QUERIES),
    "report": st.sampled_from(["R0", "R1", "R2"]),
    "k": st.sampled_from([1, 3]),
    "hops": st.sampled_from([2, 3]),
})

COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                              HealthCheck.data_too_large],
}


@settings(max_examples=250, **COMMON)  # type: ignore[arg-type]
@given(case=cases(), pick=picks)
def test_answers_depend_only_on_what_the_viewer_may_see(
    empty_store: Store, case: tuple[World, World, Attributes], pick: dict[str, Any]
) -> None:
    check(empty_store, case, distinct(pick))


@pytest.mark.soak
@settings(max_examples=10_000, **COMMON)  # type: ignore[arg-type]
@given(case=cases(), pick=picks)
def test_answers_depend_only_on_what_the_viewer_may_see_soak(
    empty_store: Store, case: tuple[World, World, Attributes], pick: dict[str, Any]
) -> None:
    check(empty_store, case, distinct(pick))
