"""The national picture, default windows, replays and the live picture stream over HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graph_service.settings import Settings
from graph_service.store import Store
from ingest.resolve import resolve
from ingest.writer import write_batch
from tests.api.conftest import Analysts
from tests.conftest import ApiServer, api_env
from tests.queries import scenario as sc
from tests.queries.world import INTEL, LE, LES, TS, World, mention, report, write

WINDOW = {"since": "2025-04-01T00:00:00Z", "until": "2025-07-01T00:00:00Z"}


@pytest.fixture(scope="module")
def scenario_api(settings: Settings, neo4j_uri: str, store: Store, analysts: Analysts) -> Iterator[Analysts]:
    """The analysts on a server of their own with the scenario in the store. Its queries
    may run for a minute: these tests write and wait on a machine shared with other test
    runs, where a correct picture must not turn into a 504."""
    write(store, sc.WORLD)
    server = ApiServer(
        api_env(settings, neo4j_uri, NEXUS_QUERY_TIMEOUT_S="60", NEXUS_PICTURE_STREAM_INTERVAL_S="1"),
        settings.var_dir / "api-picture.log",
    )
    yield Patient(server.url, analysts.keys)
    server.stop()


class Patient(Analysts):
    """Analysts whose clients wait for answers as long as the server may work on them."""

    def client(self, name: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.keys[name]}"}, timeout=600
        )


def _file(store: Store, *reports: Any) -> None:
    """Write reports through ingest's writer, beside what the store holds."""
    write_batch(store, [resolve(*r.written()) for r in reports])


def test_the_national_picture_agrees_with_the_area_pictures(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both, scenario_api.client("les") as les:
        nation = both.get("/v1/picture", params=WINDOW).json()
        texas = both.get("/v1/areas/TX/picture", params=WINDOW).json()
        theirs = les.get("/v1/picture", params=WINDOW).json()
    lines = {line["area"]["code"]: line for line in nation["areas"]}
    assert len(lines) == len(nation["areas"]) >= 100
    assert lines["TX"]["reports"] == texas["reports"] == 9
    assert lines["TX"]["previous_reports"] == texas["previous_reports"]
    assert lines["TX"]["by_side"] == {"LE": 3, "INTEL": 1, "OPEN": 5}
    assert lines["UA-HOU"]["reports"] == 7  # Texas's 9 less E and I, filed against TX itself
    assert nation["reports"] == 9  # Houston's reports counted once, not under TX again
    changes = [abs(line["change"]) for line in nation["areas"]]
    assert changes == sorted(changes, reverse=True)
    assert changes[0] > 0
    # Reyes (LE in Houston, May) meets no INTEL mention of his own: no new link. The LES
    # analyst sees no INTEL at all.
    assert theirs["by_side"]["INTEL"] == 0
    assert theirs["reports"] == 8
    assert nation["open_alerts"] == 0


def test_default_windows_end_with_the_day_of_the_newest_visible_report(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both, scenario_api.client("top") as top:
        mine = both.get("/v1/areas/TX/picture").json()
        theirs = top.get("/v1/areas/TX/picture").json()
        nation = both.get("/v1/picture").json()
        dc = both.get("/v1/areas/DC/picture").json()
    # SECRET+LES: report I (1 June) is the newest; TOP SECRET/SI also sees Z (10 June).
    assert (mine["since"], mine["until"]) == ("2025-05-03T00:00:00+00:00", "2025-06-02T00:00:00+00:00")
    assert theirs["until"] == "2025-06-11T00:00:00+00:00"
    assert mine["reports"] == 1
    assert theirs["reports"] == 2
    assert nation["until"] == "2025-06-02T00:00:00+00:00"
    assert dc["until"] == "2025-03-06T00:00:00+00:00"
    assert dc["reports"] == 2


def test_a_replay_leaves_out_later_reports(store: Store, scenario_api: Analysts) -> None:
    later = report("W", LE, LES, sc.DANIEL, mention(sc.PERSON, "Lena Ortiz"), area="TX",
                   at="2025-06-20T10:00:00+00:00", agency="Texas DPS")
    replay = {"as_of": "2025-06-15T00:00:00Z"}
    window = {"since": "2025-05-15T00:00:00Z", "until": "2025-06-15T00:00:00Z", **replay}
    try:
        with scenario_api.client("top") as top:
            before = [_counted(top.get(path, params=p).json())
                      for path in ("/v1/areas/TX/picture", "/v1/picture") for p in (replay, window)]
            _file(store, later)
            after = [_counted(top.get(path, params=p).json())
                     for path in ("/v1/areas/TX/picture", "/v1/picture") for p in (replay, window)]
            now = top.get("/v1/areas/TX/picture").json()
            bad = top.get("/v1/picture", params={**replay, "until": "2025-06-16T00:00:00Z"})
        assert after == before
        assert before[0]["until"] == "2025-06-11T00:00:00+00:00"  # Z's day, before as_of
        assert now["until"] == "2025-06-21T00:00:00+00:00"
        assert "Lena Ortiz" in {e["name"] for e in now["new_entities"]}
        assert bad.status_code == 422
        assert "query.until" in bad.json()["detail"]
    finally:
        write(store, sc.WORLD)


def _counted(picture: dict[str, Any]) -> dict[str, Any]:
    """A picture without its nexus list: a replay's counts, entities and links leave out
    later reports, but nexus routes are searched over the co-mention projection, which
    has no time (a route may run through a later report's link)."""
    return {k: v for k, v in picture.items() if k not in {"nexus", "nexus_total", "truncated"}}


def _events(response: httpx.Response) -> Iterator[dict[str, Any]]:
    """The events of an SSE response, comments skipped."""
    event: dict[str, Any] = {}
    for line in response.iter_lines():
        if not line:
            if event:
                yield event
            event = {}
        elif not line.startswith(":"):
            field, _, value = line.partition(": ")
            event[field] = json.loads(value) if field == "data" else value


def test_the_live_picture_follows_reports_the_caller_may_see(store: Store, scenario_api: Analysts) -> None:
    hidden = report("H1", INTEL, TS, mention(sc.PERSON, "Tariq Aziz"), area="TX",
                    at="2025-06-01T12:00:00+00:00", agency="NSA")
    seen = report("V1", LE, LES, mention(sc.PERSON, "Omar Farouk"), area="UA-HOU",
                  at="2025-06-01T15:00:00+00:00", agency="Houston Police Department")
    params = {"area": "TX"}
    try:
        with scenario_api.client("both") as both, both.stream(
            "GET", "/v1/picture/stream", params=params
        ) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            events = _events(response)
            first = next(events)
            assert (first["id"], first["event"]) == ("1", "picture")
            assert first["data"]["until"] == "2025-06-02T00:00:00+00:00"
            assert first["data"]["by_side"] == {"LE": 1, "INTEL": 0, "OPEN": 0}
            _file(store, hidden)
            time.sleep(4)  # several intervals: a hidden report must not make an event
            _file(store, seen)
            second = next(events)
        assert second["id"] == "2"  # nothing was sent for the hidden report
        assert second["data"]["by_side"] == {"LE": 2, "INTEL": 0, "OPEN": 0}
        assert second["data"]["areas"][0]["area"]["code"] == "TX"
    finally:
        write(store, sc.WORLD)


def _first(analysts: Analysts, who: str, params: dict[str, str]) -> bytes:
    with analysts.client(who) as client, client.stream("GET", "/v1/picture/stream", params=params) as r:
        lines = r.iter_lines()
        return (next(lines) + next(lines) + next(lines)).encode()


def test_the_stream_answers_alike_whatever_the_caller_may_not_see(
    store: Store, scenario_api: Analysts
) -> None:
    hidden = report("H2", INTEL, TS, mention(sc.PERSON, "Karim Haddad"), area="UA-HOU",
                    at="2025-06-01T11:00:00+00:00", agency="NSA")
    try:
        plain = {who: [_first(scenario_api, who, p) for p in ({}, {"area": "TX"})] for who in ("les", "both")}
        write(store, sc.WORLD.seen_by(sc.LES_ONLY))
        assert [_first(scenario_api, "les", p) for p in ({}, {"area": "TX"})] == plain["les"]
        write(store, sc.WORLD.plus(World((hidden,))))
        for who in ("les", "both"):
            assert [_first(scenario_api, who, p) for p in ({}, {"area": "TX"})] == plain[who], who
        with scenario_api.client("both") as both:
            assert both.get("/v1/picture/stream", params={"area": "XX"}).status_code == 404
    finally:
        write(store, sc.WORLD)
