"""Pointers over HTTP on the worked example: an LES analyst whose policy allows pointers
learns that Y has a link above their level and whom to ask — nothing of the evidence —
and the audit record ties the reference to that evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from graph_service.api.pointers import POINTER_MESSAGE, PointerPolicy
from graph_service.audit.log import iter_records
from graph_service.auth import PrincipalStore, Role
from graph_service.settings import Settings
from graph_service.store import Store
from graph_service.visibility import Level, Viewer, parse_marking
from tests.api.conftest import Analysts
from tests.queries import scenario as sc

AS_OF = {"as_of": sc.AS_OF}


@dataclass
class Pointed(Analysts):
    """The analysts, with the principal id of `les_p` (to find its audit records)."""

    les_p_id: str = ""


@pytest.fixture(scope="module")
def pointed(settings: Settings, scenario_api: Analysts) -> Pointed:
    """The scenario's analysts plus LES and SECRET+LES analysts whose policy gives pointers."""
    principals = PrincipalStore.from_settings(settings)
    les_principal, les = principals.add(
        "p-les", [Role.ANALYST], "U", citizenship=["USA"], authorizations=["LES"], pointers=True
    )
    _, both = principals.add(
        "p-both", [Role.ANALYST], "S", citizenship=["USA"], authorizations=["LES"], pointers=True
    )
    return Pointed(scenario_api.url, {**scenario_api.keys, "les_p": les, "both_p": both}, les_principal.id)


def test_an_les_analyst_with_pointers_learns_only_that_a_link_exists(
    pointed: Pointed, settings: Settings
) -> None:
    with pointed.client("les_p") as les:
        response = les.get("/v1/nexus", params={"entity": sc.Y, **AS_OF})
    body = response.json()
    assert response.status_code == 200
    assert (body["items"], body["total"]) == ([], 0)
    [pointer] = body["pointers"]
    assert pointer["message"] == POINTER_MESSAGE
    assert pointer["desk"] == settings.pointer_desk
    assert re.fullmatch(r"PTR-[0-9A-F]{16}", pointer["ref"])
    # Nothing of report A: not X, not its name, not the report, not its marking.
    for secret in (sc.X, "Karim", "Haddad", '"A"', "SECRET", "NOFORN"):
        assert secret not in response.text
    [record] = [r for r in iter_records(settings.var_dir / "audit") if any(
        p["ref"] == pointer["ref"] for p in r["pointers"]
    )]
    assert record["principal"] == pointed.les_p_id
    [audited] = record["pointers"]
    assert {k: audited[k] for k in ("ref", "entity", "subjects")} == {
        "ref": pointer["ref"], "entity": sc.Y, "subjects": [sc.X]
    }
    assert "A" in audited["reports"]
    assert "A" not in record["released"]


def test_no_pointer_without_the_policy_flag_or_when_the_caller_sees_the_link(pointed: Analysts) -> None:
    with pointed.client("les") as les:
        plain = les.get("/v1/nexus", params={"entity": sc.Y, **AS_OF}).json()
    with pointed.client("both_p") as both:
        cleared = both.get("/v1/nexus", params={"entity": sc.Y, **AS_OF}).json()
    assert (plain["items"], plain["pointers"]) == ([], [])
    assert [sc.Y, sc.P, sc.X] in [[n["key"] for n in i["path"]["nodes"]] for i in cleared["items"]]
    assert cleared["pointers"] == []


def test_a_pointer_never_reveals_an_entity(pointed: Analysts) -> None:
    """X exists only in report A: the LES analyst gets the one 404, no pointer to it."""
    with pointed.client("les_p") as les:
        hidden = les.get("/v1/nexus", params={"entity": sc.X, **AS_OF})
        missing = les.get("/v1/nexus", params={"entity": "person:nobody", **AS_OF})
    assert hidden.status_code == missing.status_code == 404
    assert "pointer" not in hidden.text


def test_pointers_only_on_the_first_page(pointed: Analysts) -> None:
    with pointed.client("les_p") as les:
        first = les.get("/v1/nexus", params={"entity": sc.P, "limit": 1, **AS_OF}).json()
        assert first["pointers"]
        if first["next_cursor"]:
            following = les.get(
                "/v1/nexus", params={"entity": sc.P, "limit": 1, "cursor": first["next_cursor"], **AS_OF}
            ).json()
            assert following["pointers"] == []


def test_every_pointer_question_counts_against_the_cap(settings: Settings, pointed: Pointed) -> None:
    """A "no pointer" answers a bit too: twenty questions about a bystander with no link
    spend the hour's budget, and the twenty-first, about Y, gets no pointer (issue #25)."""
    _, probe = PrincipalStore.from_settings(settings).add(
        "p-probe", [Role.ANALYST], "U", citizenship=["USA"], authorizations=["LES"], pointers=True
    )
    bystander = sc._filler(0).key
    with Analysts(pointed.url, {"probe": probe}).client("probe") as client:
        for _ in range(settings.pointers_per_hour):
            asked = client.get("/v1/nexus", params={"entity": bystander, **AS_OF})
            assert (asked.status_code, asked.json()["pointers"]) == (200, [])
        assert client.get("/v1/nexus", params={"entity": sc.Y, **AS_OF}).json()["pointers"] == []


def test_the_policy_caps_pointer_questions_per_hour_durably(empty_store: Store) -> None:
    """Every question counts, and the budget lives in Neo4j: a new process's policy (a
    restart, another API worker) finds it spent as the first left it."""
    policy = PointerPolicy(Settings(env="test", pointers_per_hour=2))
    assert [policy.ask(empty_store, "a", now=t) for t in (0.0, 10.0, 20.0)] == [True, True, False]
    restarted = PointerPolicy(Settings(env="test", pointers_per_hour=2))
    assert restarted.ask(empty_store, "a", now=30.0) is False
    assert restarted.ask(empty_store, "b", now=30.0) is True  # per principal
    assert restarted.ask(empty_store, "a", now=3600.5) is True  # the first one has aged out
    assert policy.pointer().ref != policy.pointer().ref


def test_the_ceiling_never_covers_compartmented_or_orcon_evidence_by_default() -> None:
    policy = PointerPolicy(Settings(env="test"))
    les = Viewer.from_attributes("les", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    ceiling = policy.ceiling(les)
    seen = {m: ceiling.can_see(list(parse_marking(m).cnf())) for m in (
        "SECRET//NOFORN", "TOP SECRET//NOFORN", "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE",
        "TOP SECRET//SI//NOFORN", "SECRET//ORCON/NOFORN",
    )}
    assert seen == {
        "SECRET//NOFORN": True, "TOP SECRET//NOFORN": True,
        "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE": True,
        "TOP SECRET//SI//NOFORN": False, "SECRET//ORCON/NOFORN": False,
    }
    assert les.tokens < ceiling.tokens
