"""Scoring a pair of names that share a block: a candidate, never a merge.

Exact normalised equality already decided the pair (one key, or namesakes that
namesakes.py kept apart and suggested itself); what reaches this module differs in
spelling, so the best it can do is suggest `POSSIBLY_SAME` for an analyst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from graph_service.domain import EntityKind
from graph_service.domain.normalize import person_parts
from ingest.resolve.acronyms import spells
from ingest.resolve.block import given_name

_DIGIT = re.compile(r"\d")


def is_numbered(name: str) -> bool:
    """Whether a name holds a digit: a product, version or code ("fieldlink gateway 3",
    "cve 2021"), whose one-digit variants are different things. Such names are never
    fuzzy candidates: they filled the judgement queue with pairs an analyst rejects."""
    return _DIGIT.search(name) is not None


@dataclass(frozen=True, slots=True)
class Match:
    """A suggested match between two normalised names."""

    score: float
    method: str


def same_surname(a: str, b: str) -> bool:
    """Whether two surnames are one, perhaps mistyped: close in spelling and in length."""
    return a == b or (abs(len(a) - len(b)) <= 1 and JaroWinkler.similarity(a, b) >= 0.9)


def _surname_alone(short: str, full: str) -> Match | None:
    """A surname written alone and a full name with that surname: they meet only in a
    source's block (block.source_blocks), so the same agency or case file names both."""
    if person_parts(short)[0] or not person_parts(full)[0] or person_parts(full)[1] != short:
        return None
    return Match(0.6, "surname-same-source")


def compare(kind: EntityKind, a: str, b: str) -> Match | None:
    """A candidate match between names `a` and `b` of `kind`, or None when too weak."""
    if a == b or is_numbered(a) or is_numbered(b):
        return None
    ta, tb = a.split(), b.split()
    if kind is EntityKind.PERSON:
        if (surname := _surname_alone(a, b) or _surname_alone(b, a)) is not None:
            return surname
        if len(ta) < 2 or len(tb) < 2 or not same_surname(ta[-1], tb[-1]):
            return None
        fa, fb = given_name(ta[0]), given_name(tb[0])
        if fa == fb:
            return Match(0.9, "nickname") if ta[-1] == tb[-1] else Match(0.85, "surname-spelling")
        if (len(ta[0]) == 1 or len(tb[0]) == 1) and fa[0] == fb[0]:
            return Match(0.8, "initial")
        if jellyfish.metaphone(fa) == jellyfish.metaphone(fb):
            return Match(0.85, "phonetic")
        score = JaroWinkler.similarity(a, b)
        return Match(round(score, 3), "fuzzy") if score >= 0.9 else None
    if kind is EntityKind.ORGANIZATION:
        if spells(a, b) or spells(b, a):
            return Match(0.7, "acronym")
        score = token_set_ratio(a, b) / 100
        return Match(round(score, 3), "fuzzy") if score >= 0.9 else None
    return None
