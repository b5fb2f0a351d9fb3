"""The watchlist over HTTP: analysts read what they may see, admins write under a label."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc


def test_analysts_list_only_entries_they_may_see(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both, scenario_api.client("les") as les:
        assert [e["key"] for e in both.get("/v1/watchlist").json()["items"]] == [sc.CRES]
        assert les.get("/v1/watchlist").json()["total"] == 0
        entry = {"key": sc.Y, "reason": "x", "marking": "UNCLASSIFIED"}
        assert both.post("/v1/watchlist", json=entry).status_code == 403


def test_an_admin_adds_and_removes_an_entry_under_a_marking_they_hold(scenario_api: Analysts) -> None:
    body = {"kind": "Phone", "value": "202.555.0143", "reason": "burner", "marking": "UNCLASSIFIED//LES"}
    with scenario_api.client("les_admin") as admin, scenario_api.client("les") as les:
        made = admin.post("/v1/watchlist", json=body)
        assert made.status_code == 201
        assert made.json()["key"] == sc.P
        assert made.json()["name"] == "+12025550143"
        assert [e["key"] for e in les.get("/v1/watchlist").json()["items"]] == [sc.P]
        # The phone is now an intelligence subject for LES analysts: Farouk has a nexus.
        nexus = les.get("/v1/nexus", params={"entity": sc.Y, "as_of": sc.AS_OF}).json()
        assert [[n["key"] for n in i["path"]["nodes"]] for i in nexus["items"]] == [[sc.Y, sc.P]]
        assert admin.delete(f"/v1/watchlist/{quote(sc.P, safe='')}").status_code == 204
        assert admin.delete(f"/v1/watchlist/{quote(sc.P, safe='')}").status_code == 404


def test_markings_are_checked_and_hidden_entries_never_touched(scenario_api: Analysts) -> None:
    with scenario_api.client("les_admin") as admin:
        above = admin.post("/v1/watchlist", json={"key": sc.Y, "reason": "x", "marking": "SECRET//NOFORN"})
        assert above.status_code == 422
        assert "body.marking" in above.json()["detail"]
        bogus = admin.post("/v1/watchlist", json={"key": sc.Y, "reason": "x", "marking": "SECRET//BOGUS"})
        assert bogus.status_code == 422
        assert "SECRET//BOGUS" in bogus.json()["errors"][0]["message"]
        both_ways = admin.post(
            "/v1/watchlist", json={"key": sc.Y, "kind": "Person", "value": "x", "reason": "x", "marking": "U"}
        )
        assert both_ways.status_code == 422
        hidden = admin.delete(f"/v1/watchlist/{quote(sc.CRES, safe='')}")
        missing = admin.delete(f"/v1/watchlist/{quote('organization:nothing', safe='')}")
        assert_same_404(hidden, missing)
    with scenario_api.client("both") as both:
        assert [e["key"] for e in both.get("/v1/watchlist").json()["items"]] == [sc.CRES]


def test_an_admin_below_a_hidden_entry_adds_their_own_alongside_it(scenario_api: Analysts) -> None:
    def entries(client: httpx.Client) -> list[tuple[str, str, str]]:
        items = client.get("/v1/watchlist").json()["items"]
        return [(e["key"], e["reason"], e["added_by"]) for e in items if e["key"] == sc.Y]

    def entry(reason: str, marking: str) -> dict[str, str]:
        return {"key": sc.Y, "reason": reason, "marking": marking}

    path = f"/v1/watchlist/{quote(sc.Y, safe='')}"
    with scenario_api.client("admin") as secret, scenario_api.client("confidential_admin") as confidential:
        try:
            made = secret.post("/v1/watchlist", json=entry("secret", "SECRET//NOFORN"))
            assert made.status_code == 201
            secret_by = made.json()["added_by"]
            # Not a 409: the answer is the one the admin would get if the SECRET entry did not exist.
            mine = confidential.post("/v1/watchlist", json=entry("mine", "CONFIDENTIAL"))
            assert mine.status_code == 201
            assert (mine.json()["key"], mine.json()["reason"]) == (sc.Y, "mine")
            mine_by = mine.json()["added_by"]
            assert entries(confidential) == [(sc.Y, "mine", mine_by)]
            assert entries(secret) == [(sc.Y, "mine", mine_by), (sc.Y, "secret", secret_by)]
            # Removing as the CONFIDENTIAL admin removes theirs; the SECRET entry stays, and a
            # second removal is the 404 of an entity nobody watches.
            assert confidential.delete(path).status_code == 204
            assert entries(secret) == [(sc.Y, "secret", secret_by)]
            assert entries(confidential) == []
            missing = confidential.delete(f"/v1/watchlist/{quote('person:nobody', safe='')}")
            assert_same_404(confidential.delete(path), missing)
        finally:
            secret.delete(path)
