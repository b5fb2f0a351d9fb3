"""Classification markings: parsing, banners, expressions, dominance and combination."""

from __future__ import annotations

import pickle
import string
from collections.abc import Iterable
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_service.visibility import (
    Level,
    Marking,
    MarkingError,
    Viewer,
    combine,
    dominates,
    evaluate,
    parse,
    parse_marking,
    render,
    to_cnf,
)

U, C, S, TS = Level.UNCLASSIFIED, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET
FVEY = {"USA", "AUS", "CAN", "GBR", "NZL"}


def marking(
    level: Level,
    compartments: Iterable[str] = (),
    dissem: Iterable[str] = (),
    rel_to: Iterable[str] = (),
) -> Marking:
    return Marking(level, frozenset(compartments), frozenset(dissem), frozenset(rel_to))


# marking text -> (structure, expression, canonical banner)
KNOWN = {
    "UNCLASSIFIED": (marking(U), "lvl:U", "UNCLASSIFIED"),
    "U": (marking(U), "lvl:U", "UNCLASSIFIED"),
    "(U)": (marking(U), "lvl:U", "UNCLASSIFIED"),
    "(U//LES)": (
        marking(U, dissem={"LES"}), "dissem:LES&lvl:U", "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
    ),
    "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE": (
        marking(U, dissem={"LES"}), "dissem:LES&lvl:U", "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
    ),
    "U//FOUO": (marking(U, dissem={"CUI"}), "dissem:CUI&lvl:U", "CUI"),
    "CUI": (marking(U, dissem={"CUI"}), "dissem:CUI&lvl:U", "CUI"),
    "CUI//LES": (
        marking(U, dissem={"CUI", "LES"}),
        "dissem:CUI&dissem:LES&lvl:U",
        "CUI//LAW ENFORCEMENT SENSITIVE",
    ),
    "CONFIDENTIAL": (marking(C), "cit:USA&lvl:C", "CONFIDENTIAL"),
    "(C)": (marking(C), "cit:USA&lvl:C", "CONFIDENTIAL"),
    "SECRET": (marking(S), "cit:USA&lvl:S", "SECRET"),
    "(S//NF)": (marking(S, dissem={"NOFORN"}), "cit:USA&lvl:S", "SECRET//NOFORN"),
    "SECRET//NOFORN": (marking(S, dissem={"NOFORN"}), "cit:USA&lvl:S", "SECRET//NOFORN"),
    "SECRET//REL TO USA, GBR": (
        marking(S, rel_to={"USA", "GBR"}), "(cit:GBR|cit:USA)&lvl:S", "SECRET//REL TO USA, GBR"
    ),
    "SECRET//REL TO USA, FVEY": (
        marking(S, rel_to=FVEY),
        "(cit:AUS|cit:CAN|cit:GBR|cit:NZL|cit:USA)&lvl:S",
        "SECRET//REL TO USA, AUS, CAN, GBR, NZL",
    ),
    "TOP SECRET//SI//NOFORN": (
        marking(TS, {"SI"}, {"NOFORN"}), "cit:USA&lvl:TS&sci:SI", "TOP SECRET//SI//NOFORN"
    ),
    "TOP SECRET//SI-G/TK//NOFORN": (
        marking(TS, {"SI", "SI-G", "TK"}, {"NOFORN"}),
        "cit:USA&lvl:TS&sci:SI&sci:SI-G&sci:TK",
        "TOP SECRET//SI-G/TK//NOFORN",
    ),
    "TOP SECRET//HCS//ORCON/NOFORN": (
        marking(TS, {"HCS"}, {"ORCON", "NOFORN"}),
        "cit:USA&dissem:ORCON&lvl:TS&sci:HCS",
        "TOP SECRET//HCS//ORCON/NOFORN",
    ),
    "(TS//SI//REL TO USA, AUS, CAN, GBR, NZL)": (
        marking(TS, {"SI"}, rel_to=FVEY),
        "(cit:AUS|cit:CAN|cit:GBR|cit:NZL|cit:USA)&lvl:TS&sci:SI",
        "TOP SECRET//SI//REL TO USA, AUS, CAN, GBR, NZL",
    ),
    # Case, surrounding and inner whitespace, and spelled-out control names.
    "  top secret//si/tk//noforn \n": (
        marking(TS, {"SI", "TK"}, {"NOFORN"}),
        "cit:USA&lvl:TS&sci:SI&sci:TK",
        "TOP SECRET//SI/TK//NOFORN",
    ),
    "( s // rel to usa,gbr )": (
        marking(S, rel_to={"USA", "GBR"}), "(cit:GBR|cit:USA)&lvl:S", "SECRET//REL TO USA, GBR"
    ),
    "SECRET//ORIGINATOR CONTROLLED/NOT RELEASABLE TO FOREIGN NATIONALS": (
        marking(S, dissem={"ORCON", "NOFORN"}), "cit:USA&dissem:ORCON&lvl:S", "SECRET//ORCON/NOFORN"
    ),
    # REL TO implies USA; releasable to the USA alone is NOFORN.
    "SECRET//REL TO GBR": (
        marking(S, rel_to={"USA", "GBR"}), "(cit:GBR|cit:USA)&lvl:S", "SECRET//REL TO USA, GBR"
    ),
    "SECRET//REL TO USA": (marking(S, dissem={"NOFORN"}), "cit:USA&lvl:S", "SECRET//NOFORN"),
    "UNCLASSIFIED//NOFORN": (marking(U, dissem={"NOFORN"}), "cit:USA&lvl:U", "UNCLASSIFIED//NOFORN"),
    "SECRET//NOFORN//LES": (
        marking(S, dissem={"NOFORN", "LES"}),
        "cit:USA&dissem:LES&lvl:S",
        "SECRET//NOFORN//LAW ENFORCEMENT SENSITIVE",
    ),
    "SECRET//CUI": (marking(S, dissem={"CUI"}), "cit:USA&dissem:CUI&lvl:S", "SECRET//CUI"),
}


@pytest.mark.parametrize("text", KNOWN)
def test_known_markings(text):
    structure, expression, banner = KNOWN[text]
    parsed = parse_marking(text)
    assert parsed == structure
    assert parsed.expression() == expression
    assert parsed.banner() == banner
    assert parsed.cnf() == to_cnf(expression)
    assert render(parse(expression)) == expression  # scheme tokens need no quoting


def test_structure_fields():
    parsed = parse_marking("TOP SECRET//SI-G/TK//REL TO USA, GBR")
    assert parsed.level == 3
    assert parsed.compartments == {"SI", "SI-G", "TK"}
    assert parsed.dissem == frozenset()
    assert parsed.rel_to == {"USA", "GBR"}
    assert parse_marking("(S//NF)").dissem == {"NOFORN"}


# Distinct made-up trigraphs: AAA, AAB, ...
TRIGRAPHS = ["".join(letters) for letters in product(string.ascii_uppercase, repeat=3)]
# Under the 500-character cap as written, over it as a banner ("USA, AAA, AAB, ...").
TERSE_REL_TO = "S//REL TO " + ",".join(TRIGRAPHS[:110])

BAD = {
    "": "empty marking",
    "   ": "empty marking",
    "()": "empty marking",
    "SECRET//BOGUS": "unknown control 'BOGUS'",
    "SUPER SECRET": "unknown classification 'SUPER SECRET'",
    "SECRET//": "empty control",
    "SECRET///NOFORN": "empty control",
    "(SECRET": "unbalanced parentheses",
    "SECRET)": "unbalanced parentheses",
    "SECRET//NOFORN//REL TO USA, GBR": "NOFORN conflicts with REL TO",
    "UNCLASSIFIED//SI": "SCI compartments require a classified level",
    "SECRET//REL TO": "empty country code",
    "SECRET//REL TO USA, GB": "unknown country code 'GB'",
    "SECRET//REL TO USA, NATO": "unknown country code 'NATO'",
    "TOP SECRET//SI-//NOFORN": "unknown control 'SI-'",
    "TOP SECRET//XX-G": "unknown control 'XX-G'",
    "SECRET//FVEY": "unknown control 'FVEY'",
    "SECRET//SECRET": "unknown control 'SECRET'",
    "X" * 501: "longer than 500 characters",
    TERSE_REL_TO: "canonical banner longer than 500 characters (568)",
}


@pytest.mark.parametrize("text", BAD, ids=lambda text: repr(text[:40]))
def test_bad_markings_are_rejected_quoting_them(text):
    with pytest.raises(MarkingError) as caught:
        parse_marking(text)
    if len(text) <= 200:
        assert f"'{text}'" in str(caught.value)
    assert BAD[text] in str(caught.value)
    assert caught.value.marking == text


def test_marking_error_message_and_pickling():
    with pytest.raises(MarkingError) as caught:
        parse_marking("SECRET//BOGUS")
    assert str(caught.value) == "unparseable marking 'SECRET//BOGUS': unknown control 'BOGUS'"
    assert str(pickle.loads(pickle.dumps(caught.value))) == str(caught.value)


def test_direct_construction_is_validated_and_normalised():
    assert Marking(2) == marking(S)  # type: ignore[arg-type]  # stored levels are ints
    assert marking(S, {"si-g"}, {"noforn"}) == marking(S, {"SI", "SI-G"}, {"NOFORN"})
    with pytest.raises(MarkingError, match="unknown control 'FOUO'"):
        marking(U, dissem={"FOUO"})  # aliases are for parsing; the structure is canonical
    with pytest.raises(MarkingError, match="unknown level"):
        Marking(7)  # type: ignore[arg-type]
    with pytest.raises(MarkingError, match="unknown compartment"):
        marking(S, {"BOGUS"})
    with pytest.raises(MarkingError, match="unknown country code"):
        marking(S, rel_to={"GB"})
    with pytest.raises(MarkingError):
        Marking(S, rel_to="GBR")  # type: ignore[arg-type]  # a str is not a set of codes


def test_classified_without_rel_to_is_for_us_nationals_only():
    # No foreign-disclosure decision was made, so the default is the USA only.
    assert parse_marking("SECRET").expression() == parse_marking("SECRET//NOFORN").expression()
    assert parse_marking("UNCLASSIFIED").expression() == "lvl:U"


COMPARTMENTS = ["SI", "SI-G", "TK", "HCS", "HCS-P", "KDK"]
COUNTRIES = ["USA", "GBR", "AUS", "CAN", "NZL", "FRA", "DEU"]


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    level = draw(st.sampled_from(Level))
    compartments = draw(st.frozensets(st.sampled_from(COMPARTMENTS))) if level else frozenset()
    dissem = draw(st.frozensets(st.sampled_from(["NOFORN", "ORCON", "LES", "CUI"])))
    rel_to = frozenset() if "NOFORN" in dissem else draw(st.frozensets(st.sampled_from(COUNTRIES)))
    return Marking(level, compartments, dissem, rel_to)


@st.composite
def viewers(draw: st.DrawFn) -> Viewer:
    return Viewer.from_attributes(
        "someone",
        draw(st.sampled_from(Level)),
        draw(st.frozensets(st.sampled_from(COMPARTMENTS))),
        draw(st.frozensets(st.sampled_from(COUNTRIES), max_size=2)),
        draw(st.frozensets(st.sampled_from(["ORCON", "LES", "CUI"]))),
    )


def holder_of(m: Marking, clearance: Level | None = None) -> Viewer:
    """A US viewer with exactly the attributes `m` asks for."""
    return Viewer.from_attributes(
        "holder", m.level if clearance is None else clearance, m.compartments, ["USA"],
        m.dissem - {"NOFORN"},
    )


def sees(viewer: Viewer, m: Marking) -> bool:
    return viewer.can_see(m.cnf())


@given(markings())
def test_banner_round_trip(m):
    assert parse_marking(m.banner()) == m
    assert parse_marking(m.banner().lower()) == m


LEVEL_WORDS = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "TS", "S", "C", "U", "CUI"]
ELEMENTS = [
    "SI", "SI-G", "TK", "HCS-P", "KDK", "NOFORN", "NF", "ORCON", "OC", "LES", "FOUO", "CUI",
    "LAW ENFORCEMENT SENSITIVE", "NOT RELEASABLE TO FOREIGN NATIONALS",
]


@st.composite
def marking_texts(draw: st.DrawFn) -> str:
    """Banner-like texts, valid or not: short REL TO lists, or terse ones near the cap."""
    segments = [draw(st.sampled_from(LEVEL_WORDS))]
    for _ in range(draw(st.integers(0, 3))):
        segments.append("/".join(draw(st.lists(st.sampled_from(ELEMENTS), min_size=1, max_size=3))))
    if draw(st.booleans()):
        count = draw(st.integers(1, 6) | st.integers(85, 125))
        known = draw(st.lists(st.sampled_from(["FVEY", *COUNTRIES]), max_size=3))
        made_up = draw(st.lists(st.sampled_from(TRIGRAPHS), min_size=count, max_size=count, unique=True))
        countries = draw(st.permutations([*known, *made_up]))
        segments.append("REL TO " + draw(st.sampled_from([",", ", "])).join(countries))
    text = "//".join(segments)
    return f"({text})" if draw(st.booleans()) else text


@given(marking_texts())
def test_every_accepted_marking_round_trips(text):
    try:
        parsed = parse_marking(text)
    except MarkingError:
        return
    banner = parsed.banner()
    assert len(banner) <= 500
    assert parse_marking(banner) == parsed
    assert parse_marking(banner).banner() == banner


def test_a_banner_just_under_the_cap_is_accepted_and_one_past_it_is_not():
    # "SECRET//REL TO USA" and 96 more ", XXX" is exactly 498; one more code is 503.
    at_cap = "SECRET//REL TO " + ",".join(TRIGRAPHS[:96])
    assert len(parse_marking(at_cap).banner()) == 498
    with pytest.raises(MarkingError, match=r"canonical banner longer than 500 characters \(503\)"):
        parse_marking("SECRET//REL TO " + ",".join(TRIGRAPHS[:97]))


@given(markings())
def test_expression_is_canonical_and_parses(m):
    expression = m.expression()
    assert render(parse(expression)) == expression
    assert m.cnf() == to_cnf(expression)


@given(markings())
def test_holder_of_the_attributes_sees_the_marking(m):
    viewer = holder_of(m)
    assert sees(viewer, m)
    assert evaluate(m.expression(), viewer.tokens)


@given(markings())
def test_lower_clearance_does_not_see(m):
    if m.level > U:
        assert not sees(holder_of(m, Level(m.level - 1)), m)


@given(markings())
def test_dominance_is_reflexive(m):
    assert dominates(m, m)


@given(markings(), markings())
def test_dominance_is_antisymmetric_up_to_equivalence(a, b):
    mutual = dominates(a, b) and dominates(b, a)
    assert mutual == (a.expression() == b.expression())
    if a == b:
        assert mutual


@given(markings(), markings(), markings())
def test_dominance_is_transitive(a, b, c):
    # Random triples rarely chain, so build the chain: combine dominates its inputs.
    bc = combine(b, c)
    abc = combine(a, bc)
    assert dominates(abc, bc)
    assert dominates(bc, c)
    assert dominates(abc, c)
    if dominates(a, b) and dominates(b, c):
        assert dominates(a, c)


@given(markings(), markings(), viewers())
def test_dominance_is_sound_for_access(a, b, viewer):
    if dominates(a, b) and sees(viewer, a):
        assert sees(viewer, b)


def test_equivalent_spellings_dominate_each_other():
    pairs = [("SECRET", "SECRET//NOFORN"), ("SECRET//REL TO USA", "(S//NF)"), ("U//FOUO", "CUI")]
    for left, right in pairs:
        a, b = parse_marking(left), parse_marking(right)
        assert dominates(a, b)
        assert dominates(b, a)


@given(markings(), markings())
def test_combine_dominates_both(a, b):
    both = combine(a, b)
    assert dominates(both, a)
    assert dominates(both, b)
    assert both == combine(b, a)


@given(markings())
def test_combine_of_one_is_itself(m):
    assert combine(m) == m


@given(markings(), markings(), viewers())
def test_combine_never_shows_more_than_its_parts(a, b, viewer):
    if sees(viewer, combine(a, b)):
        assert sees(viewer, a)
        assert sees(viewer, b)


def test_combine_examples():
    def banner(*texts: str) -> str:
        return combine(*(parse_marking(t) for t in texts)).banner()

    assert banner("(U//LES)", "(S//NF)") == "SECRET//NOFORN//LAW ENFORCEMENT SENSITIVE"
    assert banner("SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, GBR, FRA") == (
        "SECRET//REL TO USA, GBR"
    )
    assert banner("SECRET//REL TO USA, GBR", "SECRET//REL TO USA, AUS") == "SECRET//NOFORN"
    assert banner("SECRET//REL TO USA, GBR", "SECRET//NOFORN") == "SECRET//NOFORN"
    assert banner("UNCLASSIFIED", "CONFIDENTIAL") == "CONFIDENTIAL"
    assert banner("TOP SECRET//SI-G//NOFORN", "TOP SECRET//TK//ORCON/NOFORN") == (
        "TOP SECRET//SI-G/TK//ORCON/NOFORN"
    )
    assert banner("CUI", "SECRET") == "SECRET//CUI"
