"""Pictures from tallies equal the naive pictures from reports and mentions.

hypothesis draws worlds (reports with random sides, markings, areas, agencies, days and
hours, some re-filed later elsewhere through ingest's own writer, as a corrected report
is), a viewer and a window that starts and ends mid-day or at a midnight. For that
viewer, every area picture and the national picture computed from the area-day and entity
tallies must equal the same picture counted from every report and mention
(`queries.picture_naive`): activity by side and agency, new entities with their first
sighting, changes, nexus, new links, open alerts, ranking.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.domain import EntityKind
from graph_service.store import Store
from graph_service.visibility import Level
from ingest.resolve import resolve
from ingest.writer import write_batch
from queries import areas, picture, picture_naive
from tests.queries.test_noninterference import COMMON, Attributes, attributes, reports
from tests.queries.world import INTEL, LE, LES, S, World, mention, report, viewer, write

PERSON = EntityKind.PERSON


@st.composite
def worlds(draw: st.DrawFn) -> tuple[World, tuple[str, ...]]:
    """A world whose reports fall at any hour of 2025, and ids of reports to re-file."""
    reps = []
    for r in draw(reports("R", st.integers(1, 8))):
        hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))
        reps.append(replace(r, at=r.at.replace("T12:00", f"T{hour:02d}:{minute:02d}")))
    refiled = draw(st.lists(st.sampled_from([r.id for r in reps]), max_size=2, unique=True))
    return World(tuple(reps)), tuple(refiled)


windows = st.tuples(
    st.datetimes(datetime(2025, 1, 1), datetime(2025, 12, 1)).map(lambda d: d.replace(tzinfo=UTC)),
    st.integers(1, 90),
    st.sampled_from([0, 5, 13]),
)


def refile(store: Store, world: World, ids: tuple[str, ...]) -> None:
    """Write reports `ids` again through the writer, one day later and in Dallas's state
    area (UA-DAL): their old day and area must lose them, their new ones gain them."""
    moved = []
    for rid in ids:
        r = world.report(rid)
        at = (datetime.fromisoformat(r.at) + timedelta(days=1)).isoformat()
        moved.append(resolve(*replace(r, area="UA-DAL", at=at).written()))
    if moved:
        write_batch(store, moved)


@settings(max_examples=30, **COMMON)  # type: ignore[arg-type]
@given(drawn=worlds(), cleared=attributes, window=windows, midnight=st.booleans())
def test_tally_pictures_equal_the_naive_ones(
    empty_store: Store, drawn: tuple[World, tuple[str, ...]], cleared: Attributes,
    window: tuple[datetime, int, int], midnight: bool,
) -> None:
    world, refiled = drawn
    write(empty_store, world)
    refile(empty_store, world, refiled)
    who = cleared.viewer()
    start, days, hours = window
    since = start.replace(hour=0, minute=0, second=0, microsecond=0) if midnight else start
    until = since + timedelta(days=days, hours=0 if midnight else hours)
    for code in ("TX", "UA-HOU", "UA-DAL", "DC"):
        tallied = areas.area_picture(empty_store, who, code, since, until, top=5)
        naive = picture_naive.naive_area_picture(empty_store, who, code, since, until, top=5)
        assert tallied == naive, code
    assert picture.national_picture(empty_store, who, since, until) == (
        picture_naive.naive_national_picture(empty_store, who, since, until)
    )


def test_a_new_link_is_counted_where_the_later_side_named_it(empty_store: Store) -> None:
    ali = mention(PERSON, "Ali Hassan")
    write(empty_store, World((
        report("I1", INTEL, S, ali, area="DC", at="2025-03-01T10:00:00+00:00"),
        report("L1", LE, LES, ali, area="UA-HOU", at="2025-05-02T10:00:00+00:00"),
    )))
    both = viewer("both", Level.SECRET, les=True)
    les = viewer("les", les=True)
    may = (datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC))
    seen = picture.national_picture(empty_store, both, *may)
    lines = {line.area.code: line for line in seen.areas}
    assert seen.new_links == 1
    assert lines["UA-HOU"].new_links == lines["TX"].new_links == 1  # Texas includes Houston
    assert lines["DC"].new_links == 0
    assert picture.national_picture(empty_store, les, *may).new_links == 0  # one side only
    march = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC))
    assert picture.national_picture(empty_store, both, *march).new_links == 0  # not both yet


def test_the_default_window_ends_with_the_day_of_the_newest_visible_report(empty_store: Store) -> None:
    ali = mention(PERSON, "Ali Hassan")
    write(empty_store, World((
        report("L1", LE, LES, ali, area="UA-HOU", at="2025-05-02T10:00:00+00:00"),
        report("I1", INTEL, S, ali, area="TX", at="2025-06-20T08:00:00+00:00"),
    )))
    both = viewer("both", Level.SECRET, les=True)
    les = viewer("les", les=True)
    texas = areas.covered_codes("TX")
    assert areas.default_until(empty_store, both, texas, None) == datetime(2025, 6, 21, tzinfo=UTC)
    assert areas.default_until(empty_store, les, texas, None) == datetime(2025, 5, 3, tzinfo=UTC)
    assert areas.default_until(empty_store, les, None, None) == datetime(2025, 5, 3, tzinfo=UTC)
    # A replay before the newest report ends at the replayed moment, or with the day of
    # the newest report before it.
    june = datetime(2025, 6, 1, 9, tzinfo=UTC)
    assert areas.default_until(empty_store, both, None, june) == datetime(2025, 5, 3, tzinfo=UTC)
    early = datetime(2025, 5, 2, 11, tzinfo=UTC)
    assert areas.default_until(empty_store, both, None, early) == early
    nobody = viewer("public")
    assert areas.default_until(empty_store, nobody, None, june) == june
