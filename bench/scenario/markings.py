"""Banner markings a scenario may put on reports, with a realistic mix per side.

Only these spellings are used: the marking parser is tested against exactly them.
"""

from __future__ import annotations

from itertools import accumulate
from random import Random

from graph_service.domain import Side

_MIX: dict[Side, tuple[tuple[str, int], ...]] = {
    Side.LE: (
        ("UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE", 40),
        ("(U//LES)", 25),
        ("CUI", 15),
        ("UNCLASSIFIED//FOUO", 20),
    ),
    Side.INTEL: (
        ("CONFIDENTIAL", 10),
        ("SECRET", 25),
        ("SECRET//NOFORN", 25),
        ("SECRET//REL TO USA, GBR", 15),
        ("TOP SECRET//SI//NOFORN", 15),
        ("TOP SECRET//HCS//ORCON/NOFORN", 10),
    ),
    Side.OPEN: (("UNCLASSIFIED", 1),),
}

ALLOWED: dict[Side, tuple[str, ...]] = {
    side: tuple(m for m, _ in mix) for side, mix in _MIX.items()
}
ALL_MARKINGS: tuple[str, ...] = tuple(m for side in Side for m in ALLOWED[side])

_CUM = {side: tuple(accumulate(w for _, w in mix)) for side, mix in _MIX.items()}


def pick_marking(side: Side, rng: Random) -> str:
    """A marking drawn from the side's mix."""
    return rng.choices(ALLOWED[side], cum_weights=_CUM[side])[0]
