"""The viewer: who is asking, and the authorization tokens they hold.

Invariants:

- A Viewer is built from an explicit principal and token set; there is no default, no
  "system" viewer and no wildcard token. A viewer with no tokens sees only public labels.
- `from_attributes` compiles clearance, compartments, citizenship and authorizations with
  the token scheme of `markings`, so a viewer given exactly a marking's attributes (and
  US citizenship) satisfies that marking's expression.
- `query_tokens` is `tokens` under `encode_token`, the form stored in CNF labels and the
  one to pass as `$tokens`; `can_see` decides with it, exactly as the Cypher filter does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph_service.visibility.errors import ViewerError
from graph_service.visibility.expression import cnf_allows, encode_token
from graph_service.visibility.markings import (
    _ACCESS_CONTROLS,
    Level,
    _cit_token,
    _compartment_closure,
    _control,
    _country,
    _dissem_token,
    _level_token,
    _sci_token,
)

__all__ = ["Viewer", "ViewerError"]


@dataclass(frozen=True, slots=True)
class Viewer:
    """A caller and their authorization tokens (unencoded, as in access expressions)."""

    principal: str
    tokens: frozenset[str]
    query_tokens: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.principal, str) or not self.principal:
            raise ViewerError(str(self.principal), "the principal must be a non-empty string")
        # A str would become a set of its characters; a mutable set could change later.
        if isinstance(self.tokens, str):
            raise TypeError("tokens must be a collection of strings, not a str")
        tokens = frozenset(self.tokens)
        if bad := [t for t in tokens if not isinstance(t, str) or not t]:
            raise ViewerError(self.principal, f"invalid token {bad[0]!r}")
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "query_tokens", frozenset(map(encode_token, tokens)))

    @classmethod
    def from_attributes(
        cls,
        principal: str,
        clearance: Level,
        compartments: Iterable[str],
        citizenship: Iterable[str],
        authorizations: Iterable[str],
    ) -> Viewer:
        """A viewer whose tokens are compiled from their attributes.

        clearance L gives lvl:<L> and every lower level; each compartment sci:<C> (and its
        control system); each citizenship trigraph cit:<CCC>; each authorization among
        ORCON, LES and CUI (or FOUO) dissem:<X>. Anything else is a ViewerError.
        """
        for name, values in (
            ("compartments", compartments),
            ("citizenship", citizenship),
            ("authorizations", authorizations),
        ):
            if isinstance(values, str):
                raise TypeError(f"{name} must be an iterable of strings, not a str")
        try:
            level = Level(clearance)
        except ValueError:
            raise ViewerError(principal, f"unknown clearance {clearance!r}") from None
        tokens = {_level_token(lower) for lower in Level if lower <= level}
        for name in compartments:
            closure = _compartment_closure(name)
            if closure is None:
                raise ViewerError(principal, f"unknown compartment {name!r}")
            tokens |= {_sci_token(c) for c in closure}
        for code in citizenship:
            country = _country(code)
            if country is None:
                raise ViewerError(principal, f"unknown citizenship {code!r}")
            tokens.add(_cit_token(country))
        for name in authorizations:
            control = _control(name)
            if control not in _ACCESS_CONTROLS:
                raise ViewerError(principal, f"unknown authorization {name!r}")
            tokens.add(_dissem_token(control))
        return cls(principal, frozenset(tokens))

    def can_see(self, cnf: Sequence[str] | None) -> bool:
        """Whether this viewer satisfies a stored CNF label; a missing label (None) denies."""
        return cnf_allows(cnf, self.query_tokens)
