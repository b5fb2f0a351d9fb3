"""Viewers: token compilation from attributes, and the label check."""

from __future__ import annotations

import dataclasses

import pytest

from graph_service.visibility import (
    Level,
    Viewer,
    ViewerError,
    cnf_allows,
    parse_marking,
    to_cnf,
)


def analyst(
    clearance: Level = Level.SECRET,
    compartments: tuple[str, ...] = (),
    citizenship: tuple[str, ...] = ("USA",),
    authorizations: tuple[str, ...] = (),
) -> Viewer:
    return Viewer.from_attributes("analyst", clearance, compartments, citizenship, authorizations)


def sees(viewer: Viewer, text: str) -> bool:
    return viewer.can_see(parse_marking(text).cnf())


def test_tokens_compile_from_attributes():
    viewer = Viewer.from_attributes(
        "ana", Level.TOP_SECRET, ["si-g", "TK"], ["usa", "GBR"], ["LES", "FOUO", "orcon"]
    )
    assert viewer.tokens == {
        "lvl:U", "lvl:C", "lvl:S", "lvl:TS",
        "sci:SI", "sci:SI-G", "sci:TK",
        "cit:USA", "cit:GBR",
        "dissem:LES", "dissem:CUI", "dissem:ORCON",
    }
    assert viewer.query_tokens == viewer.tokens  # scheme tokens need no encoding


def test_clearance_gives_its_level_and_every_lower_one():
    assert analyst(Level.UNCLASSIFIED, citizenship=()).tokens == {"lvl:U"}
    assert analyst(Level.CONFIDENTIAL, citizenship=()).tokens == {"lvl:U", "lvl:C"}


@pytest.mark.parametrize(
    ("attributes", "reason"),
    [
        ({"compartments": ["BOGUS"]}, "unknown compartment 'BOGUS'"),
        ({"citizenship": ["UK"]}, "unknown citizenship 'UK'"),
        ({"citizenship": ["FVEY"]}, "unknown citizenship 'FVEY'"),
        ({"authorizations": ["NOFORN"]}, "unknown authorization 'NOFORN'"),
        ({"authorizations": ["TS"]}, "unknown authorization 'TS'"),
        ({"clearance": 9}, "unknown clearance 9"),
    ],
)
def test_bad_attributes_are_rejected(attributes, reason):
    arguments = {
        "principal": "p", "clearance": Level.SECRET, "compartments": [], "citizenship": ["USA"],
        "authorizations": [], **attributes,
    }
    with pytest.raises(ViewerError, match=reason):
        Viewer.from_attributes(**arguments)


def test_strings_are_not_attribute_lists():
    with pytest.raises(TypeError):
        Viewer.from_attributes("p", Level.SECRET, "SI", ["USA"], [])
    with pytest.raises(TypeError):
        Viewer("p", "lvl:S")  # type: ignore[arg-type]


def test_no_default_viewer():
    with pytest.raises(TypeError):
        Viewer()  # type: ignore[call-arg]
    with pytest.raises(ViewerError):
        Viewer("", frozenset())
    with pytest.raises(ViewerError):
        Viewer("p", frozenset({""}))


def test_viewer_is_immutable():
    viewer = analyst()
    with pytest.raises(dataclasses.FrozenInstanceError):
        viewer.tokens = frozenset({"lvl:TS"})  # type: ignore[misc]
    assert Viewer("p", {"a"}).tokens == frozenset({"a"})  # type: ignore[arg-type]


def test_no_tokens_sees_only_public():
    nobody = Viewer("nobody", frozenset())
    assert nobody.can_see(())
    assert nobody.can_see(to_cnf(""))
    assert not sees(nobody, "UNCLASSIFIED")


def test_missing_label_denies():
    assert not analyst(Level.TOP_SECRET).can_see(None)


def test_a_str_label_is_a_type_error():
    with pytest.raises(TypeError):
        analyst().can_see("lvl:S")


def test_levels_dominate():
    secret = analyst(Level.SECRET)
    assert sees(secret, "UNCLASSIFIED")
    assert sees(secret, "(C)")
    assert sees(secret, "SECRET//NOFORN")
    assert not sees(secret, "TOP SECRET")


def test_compartments_are_all_required():
    si = analyst(Level.TOP_SECRET, compartments=("SI",))
    si_g = analyst(Level.TOP_SECRET, compartments=("SI-G",))
    assert sees(si, "TOP SECRET//SI//NOFORN")
    assert not sees(si, "TOP SECRET//SI-G//NOFORN")
    assert sees(si_g, "TOP SECRET//SI//NOFORN")  # read into SI-G means read into SI
    assert not sees(si_g, "TOP SECRET//SI/TK//NOFORN")


def test_releasability():
    briton = analyst(citizenship=("GBR",))
    assert sees(briton, "SECRET//REL TO USA, GBR")
    assert sees(briton, "SECRET//REL TO USA, FVEY")
    assert not sees(briton, "SECRET//REL TO USA, AUS")
    assert not sees(briton, "SECRET//NOFORN")
    assert not sees(briton, "SECRET")  # no foreign-disclosure decision
    assert sees(briton, "UNCLASSIFIED")
    assert not sees(briton, "UNCLASSIFIED//NOFORN")


def test_law_enforcement_viewer():
    officer = Viewer.from_attributes("officer", Level.UNCLASSIFIED, [], ["USA"], ["LES"])
    assert sees(officer, "(U//LES)")
    assert not sees(officer, "CUI//LES")
    assert not sees(officer, "(C)")
    assert not sees(analyst(Level.TOP_SECRET), "(U//LES)")  # clearance is not LES need-to-know


def test_orcon_needs_its_authorization():
    assert not sees(analyst(Level.TOP_SECRET, ("HCS",)), "TOP SECRET//HCS//ORCON/NOFORN")
    assert sees(
        analyst(Level.TOP_SECRET, ("HCS",), authorizations=("ORCON",)),
        "TOP SECRET//HCS//ORCON/NOFORN",
    )


def test_tokens_needing_encoding_match_only_their_own_label():
    odd = Viewer("p", frozenset({"x|y", "50%"}))
    assert odd.query_tokens == {"x%7Cy", "50%25"}
    assert odd.can_see(to_cnf('"x|y"&"50%"'))
    assert not odd.can_see(to_cnf("x"))
    spoof = Viewer("q", frozenset({"x%7Cy"}))
    assert not spoof.can_see(to_cnf('"x|y"'))
    assert cnf_allows(to_cnf('"x|y"'), odd.query_tokens)
