"""What resolution reads around a mention: birth years, aliases, a vehicle's VIN."""

from __future__ import annotations

import re

from graph_service.domain import EntityKind, Mention
from ingest.resolve.features import birth_year, same_entity_cue

YEAR = 2026


def person_in(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(EntityKind.PERSON, name, start, start + len(name), 0, 0.9)


def born(text: str, name: str = "Ali Hassan") -> int | None:
    return birth_year(text, person_in(text, name), len(text), YEAR)


def test_birth_years_from_ages_and_years() -> None:
    assert born("The driver was identified as Ali Hassan, 40.") == 1986
    assert born("Ali Hassan, 34, was arrested in Dallas.") == 1992
    assert born("Ali Hassan (34) was arrested in Dallas.") == 1992
    assert born("Ali Hassan, aged 34, was arrested.") == 1992
    assert born("Ali Hassan (born 1987) is a Jordanian national.") == 1987
    assert born("Ali Hassan, born 1987, is assessed to be a facilitator.") == 1987
    assert born("This profile concerns Ali Hassan, a Jordanian national born in 1987.") == 1987
    assert born("Subject: Ali Hassan, Jordanian national, year of birth 1987.") == 1987
    assert born("This profile concerns Ali Hassan, a U.S. national born in 1987.") == 1987
    assert born("Ali Hassan, a dual U.S.-Canadian national born in 1987, travelled.") == 1987
    assert born("Subject: Ali Hassan, U.S. national, year of birth 1987.") == 1987


def test_numbers_that_are_not_ages() -> None:
    assert born("Ali Hassan, 3 others and a driver were stopped.") is None
    assert born("Ali Hassan called 14 times in 2019.") is None
    text = "Ali Hassan met Omar Farouk (born 1960) in Dallas."
    until = text.index("Omar")
    assert birth_year(text, person_in(text, "Ali Hassan"), until, YEAR) is None  # Omar's, not Ali's
    assert born("Ali Hassan, 250, was stopped.") is None
    assert born("Ali Hassan was stopped in Dallas. A witness born in 1960 saw him.") is None


def mentions(text: str, kind: EntityKind, *spans: tuple[str, str | None]) -> list[Mention]:
    found = []
    for surface, value in spans:
        start = re.search(re.escape(surface), text)
        assert start is not None
        found.append(Mention(kind, surface, start.start(), start.end(), 0, 0.9, value=value))
    return found


def organisations(text: str) -> list[Mention]:
    return mentions(text, EntityKind.ORGANIZATION, ("Crescent Logistics", None), ("Crescent Global", None))


def vehicles(text: str) -> list[Mention]:
    vin = "1HGCM82633A004352"
    return mentions(text, EntityKind.VEHICLE, ("Texas plate KXT4821", "TX:KXT4821"), (vin, vin))


def test_aliases_are_one_organisation() -> None:
    for text in (
        "Crescent Logistics LLC (also known as Crescent Global) wired funds.",
        "Crescent Logistics, which also trades as Crescent Global, wired funds.",
        "Crescent Logistics, LLP (also known as Crescent Global), a business in Texas.",
        "Crescent Logistics a.k.a. Crescent Global wired funds.",
        "Crescent Logistics. (also known as Crescent Global)",
    ):
        first, second = organisations(text)
        assert same_entity_cue(text, first, second), text
    text = "Crescent Logistics paid Crescent Global for freight."
    first, second = organisations(text)
    assert not same_entity_cue(text, first, second)


def test_a_vin_after_its_plate_is_the_same_vehicle() -> None:
    text = "a white Ford bearing Texas plate KXT4821 (VIN 1HGCM82633A004352) near the depot"
    plate, vin = vehicles(text)
    assert same_entity_cue(text, plate, vin)
    text = "Texas plate KXT4821 and a second car, 1HGCM82633A004352, were seen."
    plate, vin = vehicles(text)
    assert not same_entity_cue(text, plate, vin)
