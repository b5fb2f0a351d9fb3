"""Areas over HTTP: the reference list and the picture of an area in a window."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc

WINDOW = {"since": "2025-04-01T00:00:00Z", "until": "2025-07-01T00:00:00Z"}


def test_the_reference_list_pages_add_up(scenario_api: Analysts) -> None:
    with scenario_api.client("public") as public:
        whole = public.get("/v1/areas").json()
        first = public.get("/v1/areas", params={"limit": 100}).json()
        rest = public.get("/v1/areas", params={"limit": 100, "cursor": first["next_cursor"]}).json()
    codes = [a["code"] for a in whole["items"]]
    assert whole["total"] == len(codes) >= 100
    assert {"TX", "DC", "UA-HOU"} <= set(codes)
    assert [a["code"] for a in first["items"] + rest["items"]] == codes


def test_the_picture_of_a_state_counts_only_visible_reports(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both, scenario_api.client("les") as les:
        mine = both.get("/v1/areas/TX/picture", params=WINDOW).json()
        theirs = les.get("/v1/areas/TX/picture", params=WINDOW).json()
    assert mine["area"]["name"] == "Texas"
    assert "UA-HOU" in mine["codes"]
    counts = {(a["side"], a["agency"]): (a["current"], a["previous"]) for a in mine["activity"]}
    assert counts[("INTEL", "FBI")] == (1, 1)
    assert counts[("OPEN", "Houston Chronicle")] == (5, 0)
    assert mine["reports"] == sum(a["current"] for a in mine["activity"]) == 9
    assert mine["previous_since"] == "2024-12-31T00:00:00+00:00"  # 91 days before
    assert "INTEL" not in {a["side"] for a in theirs["activity"]}
    assert theirs["reports"] == 8
    nexus = [[n["key"] for n in item["path"]["nodes"]] for item in mine["nexus"]]
    assert [sc.D, sc.Q, sc.T] in nexus
    assert mine["open_alerts"] == 0
    changed = {e["key"]: (e["current"], e["previous"]) for e in mine["changes"]}
    assert changed[sc.H] == (7, 0)
    assert sc.D in {e["key"] for e in theirs["new_entities"]}


def test_unknown_areas_and_bad_windows(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        assert_same_404(both.get("/v1/areas/XX/picture"), both.get("/v1/areas/ZZ/picture"))
        backwards = {"since": "2025-07-01T00:00:00Z", "until": "2025-04-01T00:00:00Z"}
        bad = both.get("/v1/areas/TX/picture", params=backwards)
        assert bad.status_code == 422
        assert "query.until" in bad.json()["detail"]
        assert both.get("/v1/areas/TX/picture", params={"top": 51}).status_code == 422


def test_windows_at_the_edge_of_time_are_422_not_500(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        for params in (
            {"since": "0001-01-02T00:00:00Z", "until": "9999-12-31T00:00:00Z"},
            {"until": "0001-01-05T00:00:00Z"},
        ):
            assert both.get("/v1/areas/TX/picture", params=params).status_code == 422, params
            assert both.get("/v1/nexus", params={"area": "TX", **params}).status_code == 422, params


def test_the_extent_of_an_area_is_where_its_visible_reports_are(scenario_api: Analysts) -> None:
    extents = {}
    for name in ("both", "les"):
        with scenario_api.client(name) as client:
            extent = client.get("/v1/areas/TX/extent").json()
            # A picture over exactly that span counts every one of those reports.
            until = datetime.fromisoformat(extent["last"]) + timedelta(seconds=1)
            picture = client.get(
                "/v1/areas/TX/picture", params={"since": extent["first"], "until": until.isoformat()}
            ).json()
        assert picture["reports"] == extent["reports"] > 0, name
        extents[name] = extent
    # The law-enforcement analyst's extent counts none of the INTEL reports it may not see.
    assert extents["les"]["reports"] < extents["both"]["reports"]
    with scenario_api.client("both") as both:
        assert_same_404(both.get("/v1/areas/XX/extent"), both.get("/v1/areas/ZZ/extent"))
        assert both.get("/v1/areas/UA-HOU/extent").json()["reports"] <= extents["both"]["reports"]
