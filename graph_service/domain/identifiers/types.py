"""The record each identifier family declares about itself.

A family's module (phones, emails, network...) states in one `IdentifierType` how its
identifiers are found, what value they normalise to, which family wins an overlap and
whether an agent can hold one. The registry in `graph_service.domain.identifiers` lists
the types; the scanner, `normalise` and the relation rules read them from there, so a new
family is its own module and a line in that list (and its kind, an `EntityKind` listed in
`IDENTIFIER_KINDS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.hit import IdentifierHit


@dataclass(frozen=True, slots=True)
class IdentifierType:
    """One family of identifiers: how to find it, normalise it, rank it and whether it is held.

    `find` yields the family's hits in a text, every one of kind `kind`. `normalise` gives
    the value of one identifier typed on its own (None when `raw` is none of this family),
    the same value `find` gives its hit. Several families may share a kind (a wallet and
    an IBAN are both an Account); they then share `rank` and `held` too, which are facts
    about the kind.

    `rank` breaks a tie between hits of different kinds over one span: the lower wins,
    the more specific reading (a number introduced as a passport is a passport, not a
    phone number that happens to have ten digits). `held` says an agent can own or use
    the thing (a phone, an account), so a sentence can state that someone OWNS it.
    `example` is one raw identifier of the family as a report writes it.
    """

    name: str
    kind: EntityKind
    find: Callable[[str], Iterator[IdentifierHit]]
    normalise: Callable[[str], str | None]
    rank: int
    held: bool
    example: str
