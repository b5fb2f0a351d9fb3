"""Name normalisation for resolution keys: what must give the same key, and what must not."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from graph_service.domain import EntityKind, Extraction, Mention, Report, Side
from graph_service.domain.keys import entity_key, key_name, namesake_key
from graph_service.domain.normalize import organization_name, person_name, place_name
from ingest.resolve.decide import compare
from ingest.resolve.resolver import MAX_CANDIDATES, candidates, resolve


def test_person_names() -> None:
    assert person_name("Ali Hassan") == "ali hassan"
    assert person_name("HASSAN, Ali") == "ali hassan"
    assert person_name("Mr. Ali Hassan") == "ali hassan"
    assert person_name("Ali K. Hassan") == "ali hassan"
    assert person_name("Ali Hassan's") == "ali hassan"
    assert person_name("José Núñez") == "jose nunez"
    assert person_name("Sheikh Omar Farouk") == "omar farouk"
    assert person_name("Mohammed Al-Rashid") != person_name("Muhammad Al-Rashid")


def test_organization_names() -> None:
    assert organization_name("Crescent Logistics LLC") == "crescent logistics"
    assert organization_name("Crescent Logistics, L.L.C.") == "crescent logistics"
    assert organization_name("The Crescent Logistics") == "crescent logistics"


def test_place_names() -> None:
    assert place_name("the Port of Houston") == "port of houston"
    assert place_name("Port of Houston") == "port of houston"


def mention(kind: EntityKind, surface: str, value: str | None = None, valid: bool = True) -> Mention:
    return Mention(kind, surface, 0, len(surface), 0, 0.9, value=value, valid=valid)


def test_keys() -> None:
    assert entity_key(mention(EntityKind.PERSON, "HASSAN, Ali"), "R1") == "person:ali hassan"
    assert entity_key(mention(EntityKind.PERSON, "Hassan"), "R1") == "person:hassan@R1"
    assert (
        entity_key(mention(EntityKind.PHONE, "(713) 555-0143", "+17135550143"), "R1") == "phone:+17135550143"
    )
    assert entity_key(mention(EntityKind.VEHICLE, "VIN X", "1HGCM82633A004353", valid=False), "R1") == (
        "vehicle:unverified:1HGCM82633A004353@R1"
    )
    assert entity_key(mention(EntityKind.PERSON, "12345"), "R1") is None


def test_candidates() -> None:
    assert compare(EntityKind.PERSON, "bob smith", "robert smith") is not None
    assert compare(EntityKind.PERSON, "j smith", "john smith") is not None
    assert compare(EntityKind.PERSON, "mohammed al rashid", "muhammad al rashid") is not None
    assert compare(EntityKind.PERSON, "john smith", "john smithson") is None
    assert compare(EntityKind.PERSON, "mary jones", "john jones") is None
    assert compare(EntityKind.ORGANIZATION, "crescent logistics", "crescent logistic") is not None


names = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDÉÑ ,.'-"), max_size=40)


@given(names)
def test_normalisers_are_idempotent(surface: str) -> None:
    for normalise in (person_name, organization_name, place_name):
        once = normalise(surface)
        assert normalise(once) == once


@given(names)
def test_normalised_names_are_lowercase_ascii(surface: str) -> None:
    out = person_name(surface)
    assert out == out.lower()
    assert out.isascii()


def test_apostrophes_join_a_name() -> None:
    assert person_name("Sean O'Brien") == "sean obrien"
    assert entity_key(mention(EntityKind.PERSON, "O'Brien"), "R1") == "person:obrien@R1"


def test_english_legal_forms_are_not_part_of_a_name() -> None:
    assert organization_name("Highland Charitable Foundation Corp.") == "highland charitable foundation"
    assert organization_name("Phoenix Bay Construction Co.") == "phoenix bay construction"
    assert organization_name("Sierra Bay Fireworks Group") == "sierra bay fireworks"
    assert organization_name("Acme Group Co.") == "acme"
    assert organization_name("Group") == "group"


def test_a_surname_with_its_particle_is_still_a_surname_alone() -> None:
    assert entity_key(mention(EntityKind.PERSON, "Al-Masri"), "R1") == "person:al masri@R1"
    assert entity_key(mention(EntityKind.PERSON, "Waleed Al-Masri"), "R1") == "person:waleed al masri"
    assert entity_key(mention(EntityKind.PERSON, "María de la Cruz"), "R1") == "person:maria de la cruz"


def test_a_place_name_shared_by_areas_means_the_reports_area() -> None:
    new_york = mention(EntityKind.LOCATION, "New York")
    assert entity_key(new_york, "R1", "NY") == "location:new york~NY"
    assert entity_key(new_york, "R1", "UA-NYC") == "location:new york~UA-NYC"
    # Filed for neither: the city, which a bare "New York" names far more often.
    assert entity_key(new_york, "R1", "TX") == "location:new york~UA-NYC"
    assert entity_key(mention(EntityKind.LOCATION, "Houston"), "R1", "NY") == "location:houston"


def test_names_keep_their_qualifiers_out_of_the_name() -> None:
    assert key_name("person:ali hassan~1a2b3c4d5e") == "ali hassan"
    assert key_name("person:ali@R1") == "ali"
    assert namesake_key("person:ali hassan", "R-1") == namesake_key("person:ali hassan~x", "R-1")
    assert namesake_key("person:ali hassan", "R-1") != namesake_key("person:ali hassan", "R-2")
    assert "R-1" not in namesake_key("person:ali hassan", "R-1")  # a report id may be secret


def test_an_entity_gets_candidates_with_its_best_matches_only() -> None:
    """A common name matches many block members; only the best few become candidates."""
    text = "J. Smith was seen."
    rr = resolve(
        Report(id="R-NEW", agency="FBI", side=Side.LE, marking="UNCLASSIFIED", area=None,
               reported_at=datetime(2025, 1, 1, tzinfo=UTC), event_at=None, title="t", text=text),
        Extraction((Mention(EntityKind.PERSON, "J. Smith", 0, 8, 0, 0.9),), ()),
    )
    [entity] = rr.entities
    firsts = ["john", "jane", "jim", "joe", "jack", "jill", "june", "jay"]
    members = [
        {"block": entity.blocks[0], "key": f"person:{first} smith", "kind": "Person",
         "report": f"R{i}", "vis": ["lvl:U"], "level": 0}
        for i, first in enumerate(firsts)
    ]
    found = candidates([rr], members)
    assert len({(c.a, c.b) for c in found}) == MAX_CANDIDATES < len(firsts)
