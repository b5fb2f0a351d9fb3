"""Resolution candidates and judgements over HTTP."""

from __future__ import annotations

from tests.api.conftest import Analysts, assert_same_404
from tests.queries import scenario as sc


def test_candidates_are_listed_for_who_may_see_them(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les, scenario_api.client("both") as both:
        empty = {"items": [], "total": 0, "next_cursor": None, "truncated": False}
        assert les.get("/v1/candidates").json() == empty
        body = both.get("/v1/candidates", params={"entity": sc.MU}).json()
    (cand,) = body["items"]
    assert (cand["a"], cand["b"], cand["status"]) == (sc.MO, sc.MU, "open")
    assert (cand["a_name"], cand["b_name"]) == ("Mohammed Al-Rashid", "Muhammad Al Rashid")
    assert cand["reports"] == ["K", "L"]


def test_a_judgement_is_stored_and_changes_what_queries_join(scenario_api: Analysts) -> None:
    body = {"a": sc.MU, "b": sc.MO, "verdict": "confirmed", "note": "same passport"}
    with scenario_api.client("both") as both:
        made = both.post("/v1/judgements", json=body)
        assert made.status_code == 201
        stored = made.json()
        assert (stored["a"], stored["verdict"], stored["note"]) == (sc.MO, "confirmed", "same passport")
        listed = both.get("/v1/candidates", params={"status": "confirmed"}).json()
        assert [c["by"] for c in listed["items"]] != [None]
        path = both.get("/v1/paths", params={"source": sc.MO, "target": sc.T, "as_of": sc.AS_OF}).json()
        assert path["paths"][0]["hops"][0]["kind"] == "same_entity"
        rejected = both.post("/v1/judgements", json={**body, "verdict": "rejected"})
        assert rejected.status_code == 201
        assert both.get("/v1/paths", params={"source": sc.MO, "target": sc.T}).json()["paths"] == []
        assert both.get("/v1/candidates", params={"status": "open"}).json()["total"] == 0


def test_a_hidden_candidate_is_the_same_404_as_none(scenario_api: Analysts) -> None:
    with scenario_api.client("les") as les:
        hidden = les.post("/v1/judgements", json={"a": sc.MO, "b": sc.MU, "verdict": "rejected"})
        missing = les.post("/v1/judgements", json={"a": sc.MO, "b": sc.D, "verdict": "rejected"})
    assert_same_404(hidden, missing)
    assert hidden.content == missing.content


def test_bad_judgements_are_422(scenario_api: Analysts) -> None:
    with scenario_api.client("both") as both:
        for body, field in (
            ({"a": sc.MO, "b": sc.MO, "verdict": "confirmed"}, "body.b"),
            ({"a": sc.MO, "b": sc.MU, "verdict": "maybe"}, "body.verdict"),
            ({"a": sc.MO, "b": sc.MU, "verdict": "confirmed", "extra": 1}, "body.extra"),
        ):
            response = both.post("/v1/judgements", json=body)
            assert response.status_code == 422, body
            assert field in response.json()["detail"], body
        assert both.get("/v1/candidates", params={"status": "closed"}).status_code == 422
