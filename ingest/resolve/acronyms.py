"""An organisation's acronym and its expansion across reports: a candidate, not a merge.

Within a report that defines it ("the Northern Crescent Brigade (NCB)") the acronym is
the expansion (extraction gives it the expansion's name). A report that uses "NCB" alone
may mean another group with the same initials, so there the acronym is suggested as
`POSSIBLY_SAME` with each organisation whose initials it spells: both are blocked on the
initials, and `decide.compare` scores the pair.
"""

from __future__ import annotations

MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an"})
SHORTEST = 3  # two letters spell the initials of far too many names to block on
LONGEST = 8


def initials(name: str) -> str | None:
    """The initials block of a normalised organisation name: the acronym itself for one
    word of 3-8 letters, the initials of the words (minor words left out) otherwise."""
    words = name.split()
    if len(words) == 1:
        word = words[0]
        return word if word.isalpha() and SHORTEST <= len(word) <= LONGEST else None
    letters = "".join(w[0] for w in words if w not in MINOR_WORDS and w[0].isalpha())
    return letters if SHORTEST <= len(letters) <= LONGEST else None


def spells(acronym: str, name: str) -> bool:
    """Whether a one-word name `acronym` spells the initials of the longer `name`."""
    return len(acronym.split()) == 1 and len(name.split()) > 1 and initials(name) == acronym
