"""US classification markings: parse banners and portions, render banners, compile labels.

Token scheme, the one vocabulary of labels and viewers (viewer.py builds tokens with the
helpers below, so the two sides cannot drift apart):

    lvl:U lvl:C lvl:S lvl:TS   A label at level L requires lvl:<L>. A viewer cleared at L
                               holds lvl:<L> and the token of every lower level, so
                               dominance needs no ordering in the store.
    sci:<C>                    One token per SCI compartment, all required. A
                               sub-compartment implies its control system on both sides:
                               SI-G requires sci:SI-G and sci:SI; a viewer read into SI-G
                               holds both.
    cit:<CCC>                  Releasability, by ISO 3166 trigraph. NOFORN requires
                               cit:USA; REL TO USA, GBR requires (cit:GBR|cit:USA). A
                               classified marking with neither also requires cit:USA:
                               classified information without a REL TO marking has no
                               foreign-disclosure decision, so it may not go to foreign
                               nationals. Unclassified without NOFORN / REL TO requires
                               no citizenship.
    dissem:ORCON dissem:LES    Access-limiting dissemination controls; the viewer must
    dissem:CUI                 hold the matching authorization. FOUO is the legacy name
                               of CUI and parses as CUI.

Tokens use only [A-Za-z0-9:-], which the access-expression grammar allows unquoted and
`encode_token` leaves unchanged: expression, CNF and viewer tokens are the same strings.

Invariants:

- A Marking is normalised when built: names upper-case, compartments closed under their
  control systems, USA in every REL TO, a REL TO naming only USA turned into NOFORN. An
  inconsistent one (NOFORN with REL TO, SCI on UNCLASSIFIED, unknown names) is a
  MarkingError.
- `parse_marking(m.banner()) == m` for every Marking `m`. A marking whose canonical banner
  would be longer than the input cap (`_MAX_MARKING_CHARS`) is a MarkingError, even when
  the text naming it is shorter (abbreviations, tetragraphs and terse REL TO lists expand).
- `m.expression()` is canonical (terms sorted), so equivalent markings have equal
  expressions, and `dominates(a, b) and dominates(b, a)` exactly when they do.
- `dominates(a, b)` implies that every viewer who satisfies `a.expression()` satisfies
  `b.expression()`. `combine(*ms)` dominates each of `ms`; it can be stricter than the
  exact AND (no marking says "REL TO GBR or AUS, and also USA"), so derived labels use
  `cnf_and` on the sources' CNFs and `combine` only for the banner shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from graph_service.visibility.errors import MarkingError
from graph_service.visibility.expression import to_cnf

__all__ = ["Level", "Marking", "MarkingError", "combine", "dominates", "parse_marking"]


class Level(IntEnum):
    """Classification level. The integer is the dominance order and the stored `level`."""

    UNCLASSIFIED = 0
    CONFIDENTIAL = 1
    SECRET = 2
    TOP_SECRET = 3


_LEVEL_TITLES = {
    Level.UNCLASSIFIED: "UNCLASSIFIED",
    Level.CONFIDENTIAL: "CONFIDENTIAL",
    Level.SECRET: "SECRET",
    Level.TOP_SECRET: "TOP SECRET",
}
_LEVEL_ABBREVIATIONS = {
    Level.UNCLASSIFIED: "U",
    Level.CONFIDENTIAL: "C",
    Level.SECRET: "S",
    Level.TOP_SECRET: "TS",
}
_LEVELS_BY_NAME = {
    **{title: level for level, title in _LEVEL_TITLES.items()},
    **{abbreviation: level for level, abbreviation in _LEVEL_ABBREVIATIONS.items()},
}

NOFORN = "NOFORN"
ORCON = "ORCON"
LES = "LES"
CUI = "CUI"
# Controls that a viewer must be authorized for. NOFORN is not one: it restricts by
# citizenship, so it compiles to cit:USA.
_ACCESS_CONTROLS = frozenset({ORCON, LES, CUI})
_CONTROLS = _ACCESS_CONTROLS | {NOFORN}
_CONTROL_ALIASES = {
    NOFORN: NOFORN,
    "NF": NOFORN,
    "NOT RELEASABLE TO FOREIGN NATIONALS": NOFORN,
    ORCON: ORCON,
    "OC": ORCON,
    "ORIGINATOR CONTROLLED": ORCON,
    LES: LES,
    "LAW ENFORCEMENT SENSITIVE": LES,
    CUI: CUI,
    "CONTROLLED UNCLASSIFIED INFORMATION": CUI,
    "FOUO": CUI,
    "FOR OFFICIAL USE ONLY": CUI,
}

# SCI control systems, optionally with one sub-compartment (SI-G, HCS-P). Closed list:
# an unknown word in a banner must be an error, not a compartment nobody is read into.
_COMPARTMENT = re.compile(r"(HCS|KDK|RSV|SI|TK)(?:-([A-Z0-9]+))?")
_COUNTRY = re.compile(r"[A-Z]{3}")
_USA = "USA"
_TETRAGRAPHS = {"FVEY": frozenset({"USA", "AUS", "CAN", "GBR", "NZL"})}
# Real banners stay well under this; longer input is not a marking, and is not echoed whole.
# It bounds the canonical banner too, so that every banner parses back.
_MAX_MARKING_CHARS = 500


def _level_token(level: Level) -> str:
    return f"lvl:{_LEVEL_ABBREVIATIONS[level]}"


def _sci_token(compartment: str) -> str:
    return f"sci:{compartment}"


def _cit_token(country: str) -> str:
    return f"cit:{country}"


def _dissem_token(control: str) -> str:
    return f"dissem:{control}"


def _compartment_closure(name: str) -> frozenset[str] | None:
    """`name` and the control system it belongs to, upper-cased; None if not SCI."""
    match = _COMPARTMENT.fullmatch(name.upper())
    if match is None:
        return None
    return frozenset({match.group(0), match.group(1)})


def _country(code: str) -> str | None:
    """`code` as an upper-case trigraph; None if it is not one."""
    code = code.upper()
    return code if _COUNTRY.fullmatch(code) else None


def _control(name: str) -> str | None:
    """The canonical name of a dissemination control or one of its aliases; None if unknown."""
    return _CONTROL_ALIASES.get(" ".join(name.split()).upper())


@dataclass(frozen=True, slots=True)
class Marking:
    """A classification marking: level, SCI compartments, dissemination controls, REL TO.

    `dissem` holds the canonical controls NOFORN, ORCON, LES and CUI; `rel_to` the
    countries a REL TO marking names, USA included. Built values are normalised (see the
    module invariants); `int(marking.level)` is the numeric level stored for filtering.
    """

    level: Level
    compartments: frozenset[str] = frozenset()
    dissem: frozenset[str] = frozenset()
    rel_to: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        try:
            level = Level(self.level)
        except ValueError:
            raise MarkingError(repr(self), f"unknown level {self.level!r}") from None
        compartments: set[str] = set()
        for name in self.compartments:
            closure = _compartment_closure(name)
            if closure is None:
                raise MarkingError(repr(self), f"unknown compartment {name!r}")
            compartments |= closure
        dissem = {name.upper() for name in self.dissem}
        if unknown := dissem - _CONTROLS:
            raise MarkingError(repr(self), f"unknown control {min(unknown)!r}")
        rel_to: set[str] = set()
        for code in self.rel_to:
            country = _country(code)
            if country is None:
                raise MarkingError(repr(self), f"unknown country code {code!r}")
            rel_to.add(country)
        if rel_to:
            rel_to.add(_USA)
        if rel_to == {_USA}:
            # Releasable to the USA alone is NOFORN; one spelling keeps equality meaningful.
            dissem.add(NOFORN)
            rel_to.clear()
        if NOFORN in dissem and rel_to:
            raise MarkingError(repr(self), "NOFORN conflicts with REL TO")
        if compartments and level is Level.UNCLASSIFIED:
            raise MarkingError(repr(self), "SCI compartments require a classified level")
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "compartments", frozenset(compartments))
        object.__setattr__(self, "dissem", frozenset(dissem))
        object.__setattr__(self, "rel_to", frozenset(rel_to))
        # The banner spells out what a text may abbreviate (NF, FVEY, "GBR,AUS"), so a text
        # under the cap can name a marking whose banner is over it and would not parse back.
        if len(banner := self.banner()) > _MAX_MARKING_CHARS:
            raise MarkingError(
                banner, f"canonical banner longer than {_MAX_MARKING_CHARS} characters ({len(banner)})"
            )

    def banner(self) -> str:
        """The canonical banner line, e.g. `TOP SECRET//SI-G/TK//NOFORN`."""
        unclassified_cui = self.level is Level.UNCLASSIFIED and CUI in self.dissem
        segments = ["CUI" if unclassified_cui else _LEVEL_TITLES[self.level]]
        # A control system is implied by its sub-compartment: SI-G, not SI/SI-G.
        shown = sorted(
            c for c in self.compartments
            if not any(other.startswith(f"{c}-") for other in self.compartments)
        )
        if shown:
            segments.append("/".join(shown))
        ic_dissem = [control for control in (ORCON, NOFORN) if control in self.dissem]
        if self.rel_to:
            ic_dissem.append("REL TO " + ", ".join([_USA, *sorted(self.rel_to - {_USA})]))
        if ic_dissem:
            segments.append("/".join(ic_dissem))
        other_dissem: list[str] = []
        if CUI in self.dissem and not unclassified_cui:
            other_dissem.append(CUI)
        if LES in self.dissem:
            other_dissem.append("LAW ENFORCEMENT SENSITIVE")
        if other_dissem:
            segments.append("/".join(other_dissem))
        return "//".join(segments)

    def expression(self) -> str:
        """The access expression of this marking, in the token scheme of the module."""
        terms = [_level_token(self.level)]
        terms += (_sci_token(c) for c in self.compartments)
        terms += (_dissem_token(d) for d in self.dissem & _ACCESS_CONTROLS)
        releasable = _releasable(self)
        if releasable is not None:
            countries = sorted(_cit_token(c) for c in releasable)
            terms.append(countries[0] if len(countries) == 1 else f"({'|'.join(countries)})")
        return "&".join(sorted(terms))

    def cnf(self) -> tuple[str, ...]:
        """The label to store: `to_cnf(self.expression())`."""
        return to_cnf(self.expression())


def _releasable(marking: Marking) -> frozenset[str] | None:
    """The countries whose nationals may see `marking`; None when citizenship is no bar."""
    if NOFORN in marking.dissem:
        return frozenset({_USA})
    if marking.rel_to:
        return marking.rel_to
    if marking.level > Level.UNCLASSIFIED:
        return frozenset({_USA})
    return None


def parse_marking(text: str) -> Marking:
    """Parse a banner (`SECRET//NOFORN`) or portion (`(S//NF)`) marking, any case.

    Raises MarkingError quoting `text` verbatim if it is not a marking this module knows,
    or if it or the canonical banner of its marking is longer than the cap.
    """
    if len(text) > _MAX_MARKING_CHARS:
        raise MarkingError(text, f"longer than {_MAX_MARKING_CHARS} characters")
    body = " ".join(text.split()).upper()
    if body.startswith("(") != body.endswith(")"):
        raise MarkingError(text, "unbalanced parentheses")
    if body.startswith("("):
        body = body[1:-1].strip()
    if not body:
        raise MarkingError(text, "empty marking")
    head, *segments = (segment.strip() for segment in body.split("//"))
    if head == CUI:
        level, dissem = Level.UNCLASSIFIED, {CUI}
    elif head in _LEVELS_BY_NAME:
        level, dissem = _LEVELS_BY_NAME[head], set()
    else:
        raise MarkingError(text, f"unknown classification {head!r}")
    compartments: set[str] = set()
    rel_to: set[str] = set()
    for segment in segments:
        for element in (part.strip() for part in segment.split("/")):
            if not element:
                raise MarkingError(text, "empty control")
            if element == "REL TO" or element.startswith("REL TO "):
                rel_to |= _parse_rel_to(text, element.removeprefix("REL TO"))
            elif (control := _control(element)) is not None:
                dissem.add(control)
            elif (closure := _compartment_closure(element)) is not None:
                compartments |= closure
            else:
                raise MarkingError(text, f"unknown control {element!r}")
    try:
        return Marking(level, frozenset(compartments), frozenset(dissem), frozenset(rel_to))
    except MarkingError as error:
        raise MarkingError(text, error.reason) from None


def _parse_rel_to(text: str, countries: str) -> set[str]:
    """The countries of a REL TO list (`USA, GBR, FVEY`), tetragraphs expanded."""
    found: set[str] = set()
    for code in (part.strip() for part in countries.split(",")):
        if not code:
            raise MarkingError(text, "REL TO with an empty country code")
        if code in _TETRAGRAPHS:
            found |= _TETRAGRAPHS[code]
        elif _country(code) is not None:
            found.add(code)
        else:
            raise MarkingError(text, f"unknown country code {code!r} in REL TO")
    return found


def dominates(a: Marking, b: Marking) -> bool:
    """Whether `a` is at least as restrictive as `b` in every respect.

    Level at least as high, every compartment and access control of `b`, and
    releasable to no country that `b` is not releasable to.
    """
    releasable_a, releasable_b = _releasable(a), _releasable(b)
    if releasable_b is None:
        releasability = True
    else:
        releasability = releasable_a is not None and releasable_a <= releasable_b
    return (
        a.level >= b.level
        and a.compartments >= b.compartments
        and a.dissem & _ACCESS_CONTROLS >= b.dissem & _ACCESS_CONTROLS
        and releasability
    )


def combine(first: Marking, *rest: Marking) -> Marking:
    """The marking of a fact derived from all of the given ones; it dominates each.

    Highest level, every compartment and control, REL TO narrowed to the countries all
    allow. If only the USA remains and some source said NOFORN or REL TO, the result is
    NOFORN (a classified source without either is already USA-only without a marking).
    """
    markings = (first, *rest)
    releasable: frozenset[str] | None = None
    for marking in markings:
        countries = _releasable(marking)
        if countries is not None:
            releasable = countries if releasable is None else releasable & countries
    dissem = frozenset().union(*(m.dissem & _ACCESS_CONTROLS for m in markings))
    explicit = any(NOFORN in m.dissem or m.rel_to for m in markings)
    rel_to: frozenset[str] = frozenset()
    if releasable == frozenset({_USA}):
        if explicit:
            dissem |= {NOFORN}
    elif releasable is not None:
        rel_to = releasable
    return Marking(
        level=max(m.level for m in markings),
        compartments=frozenset().union(*(m.compartments for m in markings)),
        dissem=dissem,
        rel_to=rel_to,
    )
