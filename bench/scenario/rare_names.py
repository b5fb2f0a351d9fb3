"""The long tail of person names, from the locale data that ships with `faker`.

The hand-written groups in `names.py` are the common names, with their spellings and
nicknames. On their own they give about twenty thousand distinct full names, so a
100,000-report scenario (some 130,000 people) would put six people on every name and
make half of them impossible to tell apart, which no real population does. These
lists add the rare names that real populations are mostly made of; they have one
spelling each and no nicknames.

Only faker's name tuples are read (no `Faker` instance, no randomness from it), so a
scenario stays a function of its seed and the pinned faker version.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from faker.providers.person import en_IN, en_PK, en_US, es_MX, ja_JP, pl_PL, zh_TW

from graph_service.reference import areas

from .places import FOREIGN_CITIES, PORTS_OF_ENTRY, SITE_FEATURES, SITE_STEMS, VENUES

# A name: Latin letters, optionally one hyphen or apostrophe inside ("Chia-Hao", "D'Amico").
_NAME = re.compile(r"^[^\W\d_]{2,}(?:['-][^\W\d_]{2,})?$")

# Per origin of names.py: (first-name sources, last-name sources), faker locale data.
_SOURCES: dict[str, tuple[tuple[Iterable[str], ...], tuple[Iterable[str], ...]]] = {
    "english": (
        (en_US.Provider.first_names_male, en_US.Provider.first_names_female),
        (en_US.Provider.last_names,),
    ),
    "spanish": ((es_MX.Provider.first_names,), (es_MX.Provider.last_names,)),
    "arabic": ((en_PK.Provider.first_names,), (en_PK.Provider.last_names,)),
    "south_asian": ((en_IN.Provider.first_names,), (en_IN.Provider.last_names,)),
    "slavic": ((pl_PL.Provider.first_names,), (pl_PL.Provider.male_last_names,)),
    "east_asian": (
        (zh_TW.Provider.first_romanized_names, ja_JP.Provider.first_romanized_names),
        (zh_TW.Provider.last_romanized_names, ja_JP.Provider.last_romanized_names),
    ),
}


def fold(name: str) -> str:
    """The form two spellings share when they differ only in case or accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _place_words() -> frozenset[str]:
    # A surname that is also a place ("Houston", "Phoenix") would turn short follow-up
    # mentions into place names; the tail does without them.
    texts = [a.name for a in areas()]
    texts += [*FOREIGN_CITIES, *(v[0] for v in VENUES), *(p[0] for p in PORTS_OF_ENTRY)]
    texts += [*SITE_STEMS, *SITE_FEATURES]
    return frozenset(fold(word) for text in texts for word in re.split(r"[\s-]+", text))


def _clean(sources: Iterable[Iterable[str]]) -> list[str]:
    names = []
    for source in sources:
        for raw in source:
            # Romanised Taiwanese names come in capitals ("CHIA-HAO").
            name = "-".join(part.capitalize() for part in raw.split("-")) if raw.isupper() else raw
            if _NAME.match(name) and fold(name) not in _place_words():
                names.append(name)
    return names


def rare_first_names(origin: str) -> list[str]:
    """Faker's first names for an origin of names.py, in faker's order, places left out."""
    return _clean(_SOURCES[origin][0])


def rare_last_names(origin: str) -> list[str]:
    """Faker's last names for an origin of names.py, in faker's order, places left out."""
    return _clean(_SOURCES[origin][1])
