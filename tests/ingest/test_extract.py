"""spaCy extraction: hand-written report sentences and the mentions and relations they yield."""

import json
import pickle
from pathlib import Path

import pytest

from bench.ingest_bench import raw_pipe
from graph_service.domain import EntityKind, Extraction, RelationKind
from ingest.extract import Extractor, build_nlp
from ingest.extract.labels import LABELS, NAMED_BY_CONTEXT, SECTORS, is_junk
from ingest.extract.nlp import PATTERNS_DIR, load_model

K = EntityKind
R = RelationKind


def mentions(extraction: Extraction) -> list[tuple[str, str]]:
    return [(m.kind.value, m.surface) for m in extraction.mentions]


def relations(extraction: Extraction) -> set[tuple[str, str, str]]:
    found = extraction.mentions
    return {(r.kind.value, found[r.source].surface, found[r.target].surface) for r in extraction.relations}


def surfaces(extraction: Extraction, kind: EntityKind) -> list[str]:
    return [m.surface for m in extraction.mentions if m.kind is kind]


# Mentions -------------------------------------------------------------------------------


def test_person_and_phone_with_relation(extractor):
    found = extractor.extract("Ali Hassan called 202-555-0143 on Tuesday.")
    assert mentions(found) == [("Person", "Ali Hassan"), ("Phone", "202-555-0143")]
    assert found.mentions[1].value == "+12025550143"
    assert relations(found) == {("CALLED", "Ali Hassan", "202-555-0143")}


def test_transliterated_names(extractor):
    found = extractor.extract("Mohammed al-Rashid met with Abu Bakr al-Baghdadi in Mosul.")
    assert surfaces(found, K.PERSON) == ["Mohammed al-Rashid", "Abu Bakr al-Baghdadi"]
    assert surfaces(found, K.LOCATION) == ["Mosul"]


def test_titles_stay_outside_the_person_span(extractor):
    found = extractor.extract("Sheikh Omar Abdel-Rahman and Dr. Ayman al-Zawahiri were named in the report.")
    assert surfaces(found, K.PERSON) == ["Omar Abdel-Rahman", "Ayman al-Zawahiri"]


def test_organisations_agencies_and_threat_groups(extractor):
    found = extractor.extract(
        "The FBI, ICE and the Texas Department of Public Safety briefed the Dallas Police "
        "Department on Hezbollah and the Sinaloa Cartel."
    )
    assert surfaces(found, K.ORGANIZATION) == [
        "FBI", "ICE", "Texas Department of Public Safety", "Dallas Police Department", "Hezbollah",
        "Sinaloa Cartel",
    ]
    assert all(m.confidence == 0.95 for m in found.mentions)


def test_acronyms_are_case_sensitive(extractor):
    assert surfaces(extractor.extract("Roads were covered in ice on Monday."), K.ORGANIZATION) == []


def test_agency_types_need_a_name(extractor):
    assert surfaces(extractor.extract("The police arrived later."), K.ORGANIZATION) == []
    assert surfaces(extractor.extract("Houston police arrived later."), K.ORGANIZATION) == ["Houston police"]


def test_locations(extractor):
    found = extractor.extract("Juan Perez traveled from El Paso to Chicago, Illinois.")
    assert surfaces(found, K.LOCATION) == ["El Paso", "Chicago", "Illinois"]


def test_facilities_carry_their_sector(extractor):
    found = extractor.extract(
        "He visited the Jefferson substation, the Riverside water treatment plant, the Port of "
        "Houston, the Hoover Dam and Parkland Memorial Hospital."
    )
    assert [(m.surface, m.sector) for m in found.mentions if m.kind is K.FACILITY] == [
        ("Jefferson substation", "energy"),
        ("Riverside water treatment plant", "water-wastewater"),
        ("Port of Houston", "transportation-systems"),
        ("Hoover Dam", "dams"),
        ("Parkland Memorial Hospital", "healthcare-public-health"),
    ]


def test_more_sectors(extractor):
    def sector(text: str) -> list[str | None]:
        return [m.sector for m in extractor.extract(text).mentions if m.kind is K.FACILITY]

    assert sector("A drone flew over the Indian Point nuclear power plant.") == ["nuclear"]
    assert sector("Shots were fired near the Union Pacific rail yard.") == ["transportation-systems"]
    assert sector("Crowds gathered outside AT&T Stadium.") == ["commercial-facilities"]
    assert sector("The suspect drove past a data center and two cell towers.") == [
        "information-technology", "communications",
    ]
    assert sector("The Valero refinery and a chemical plant were evacuated.") == ["energy", "chemical"]


def test_unnamed_generic_facility_is_kept(extractor):
    found = extractor.extract("Someone cut the fence of a substation overnight.")
    assert [(m.surface, m.sector) for m in found.mentions] == [("substation", "energy")]


def test_named_only_facility_types_need_a_name(extractor):
    assert surfaces(extractor.extract("They walked to the port and the bridge."), K.FACILITY) == []
    assert surfaces(extractor.extract("They walked to the Golden Gate Bridge."), K.FACILITY) == [
        "Golden Gate Bridge"
    ]


def test_weapons(extractor):
    found = extractor.extract("Agents seized an AR-15 rifle, two pipe bombs, a Glock 19 and an IED.")
    assert surfaces(found, K.WEAPON) == ["AR-15 rifle", "pipe bombs", "Glock 19", "IED"]


def test_identifier_mentions(extractor):
    found = extractor.extract(
        "The subject used ali.hassan@Example.co.uk and evil-domain.com from 8.8.8.8, paid "
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, holds US passport 5550123456 and drove a car with "
        "VIN 1HGCM82633A004352 bearing Texas plate ABC-1234 to the vessel IMO 9074729."
    )
    assert [(m.kind.value, m.value) for m in found.mentions] == [
        ("Email", "ali.hassan@example.co.uk"),
        ("Domain", "evil-domain.com"),
        ("IpAddress", "8.8.8.8"),
        ("Account", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ("Document", "USA:5550123456"),
        ("Vehicle", "1HGCM82633A004352"),
        ("Vehicle", "TX:ABC1234"),
        ("Vehicle", "IMO9074729"),
    ]
    assert all(m.confidence == 0.99 and m.valid for m in found.mentions)


def test_bank_accounts_in_either_spelling_are_one_value(extractor):
    found = extractor.extract(
        "Bank records show Omar Haddad receiving transfers into GB29 NWBK 6016 1331 9268 19. "
        "Haddad also wired $4,000 to the account GB29NWBK60161331926819."
    )
    accounts = [(m.surface, m.value, m.valid) for m in found.mentions if m.kind is K.ACCOUNT]
    assert accounts == [
        ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819", True),
        ("GB29NWBK60161331926819", "GB29NWBK60161331926819", True),
    ]
    assert "Omar Haddad" in surfaces(found, K.PERSON)


def test_checksum_failure_is_kept_with_low_confidence(extractor):
    found = extractor.extract("A car with VIN 1HGCM82673A004352 was abandoned.")
    assert [(m.kind, m.valid, m.confidence) for m in found.mentions] == [(K.VEHICLE, False, 0.5)]


def test_values_that_do_not_single_out_one_thing_never_merge(extractor):
    found = extractor.extract("It beaconed to 192.168.1.10 from a car with license plate 8XYZ456.")
    assert [(m.value, m.valid, m.confidence) for m in found.mentions] == [
        ("192.168.1.10", False, 0.99), ("8XYZ456", False, 0.99),
    ]


def test_junk_is_dropped(extractor):
    found = extractor.extract("He said 42 people met on 3 May 2024 and paid $5,000. VIN unknown.")
    assert found.mentions == ()


def test_offsets_sentences_and_order(extractor):
    text = "Ivan Petrov flew to Istanbul. Two days later he called 202-555-0143. Omar Farouk met him."
    found = extractor.extract(text)
    for mention in found.mentions:
        assert text[mention.start : mention.end] == mention.surface
    assert [m.start for m in found.mentions] == sorted(m.start for m in found.mentions)
    assert [(m.surface, m.sentence) for m in found.mentions] == [
        ("Ivan Petrov", 0), ("Istanbul", 0), ("202-555-0143", 1), ("Omar Farouk", 2),
    ]


def test_roles(extractor):
    def roles(text: str) -> list[tuple[str, str | None]]:
        return [(m.surface, m.role) for m in extractor.extract(text).mentions if m.kind is K.PERSON]

    assert roles("The suspect, Ali Hassan, fled.") == [("Ali Hassan", "subject")]
    assert roles("Subject: Ali Hassan was seen in Dallas.") == [("Ali Hassan", "subject")]
    assert roles("The victim, Maria Lopez, was treated.") == [("Maria Lopez", "victim")]
    assert roles("Ali Hassan met Maria Lopez.") == [("Ali Hassan", None), ("Maria Lopez", None)]


def test_confidence_by_source(extractor):
    found = extractor.extract("Ali Hassan met FBI agents at the Jefferson substation.")
    assert [(m.surface, m.confidence) for m in found.mentions] == [
        ("Ali Hassan", 0.85), ("FBI", 0.95), ("Jefferson substation", 0.95),
    ]


# Corrections to the statistical NER (ingest/extract/corrections.py) --------------------


def test_surname_of_a_named_person_is_that_person(extractor):
    found = extractor.extract("Manuel Fuentes met a courier. Fuentes said the shipment was late.")
    assert surfaces(found, K.ORGANIZATION) == []
    assert surfaces(found, K.PERSON) == ["Manuel Fuentes", "Fuentes"]


def test_a_full_name_taken_for_a_thing_is_the_person_its_surname_names(extractor):
    found = extractor.extract(
        "Threat reporting identifies Onveer Dubey as a participant in online discussions of"
        " attacks on infrastructure. Dubey has worked for DELTA MONEY SERVICES LLP since 2020."
    )
    assert surfaces(found, K.PERSON) == ["Onveer Dubey", "Dubey"]


def test_a_place_stays_a_place_beside_a_namesake(extractor):
    found = extractor.extract("Detectives met Sam Houston in Houston, Texas. Houston said it was late.")
    assert "Houston" in surfaces(found, K.LOCATION)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A profile's subject: the small model misses the name before the apposition.
        ("Subject: Teresa Wang, Somali national, year of birth 1975.", ["Teresa Wang"]),
        ("Jorge Luis Ramirez, Mexican national, was arrested.", ["Jorge Luis Ramirez"]),
        ("Name: Ivan Petrov. Nationality: Russian.", ["Ivan Petrov"]),
        # Rare names the model takes for organisations, introduced by an age or birth year.
        ("Blanca Pak, 30, was arrested in Alaska on 2026-01-05.", ["Blanca Pak"]),
        ("A records check showed that Ming-Hui Kan, 21, was present but not detained.", ["Ming-Hui Kan"]),
        ("Gauri Tata (born 1978) has travelled repeatedly in recent months.", ["Gauri Tata"]),
        # Numbers after places in a list are no ages; a state is no person.
        ("Units from New York, 12, and New Jersey, 4, took part.", []),
        ("Teams from Texas and New Jersey, 4, took part.", []),
        # Headings and agencies are not people.
        ("Subject: Suspicious Activity Report. Officers responded.", []),
        ("Houston Police Department, a U.S. agency, reported the stop.", []),
    ],
)
def test_a_name_a_profile_introduces_is_a_person(extractor, text, people):
    assert surfaces(extractor.extract(text), K.PERSON) == people


def test_surname_first_form_is_one_name(extractor):
    found = extractor.extract(
        "At about 07:06 on 16 January 2026, EGAL, Yasmine began a journey. "
        "EGAL surveilled the Lower Sycamore Bluff LNG Terminal."
    )
    assert surfaces(found, K.ORGANIZATION) == []
    assert surfaces(found, K.PERSON) == ["EGAL, Yasmine", "EGAL"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # Records write the surname first, in capitals: one name, not a surname and a
        # given name (which the small model tags as a place or company as often as not).
        ("During inbound processing, VÁSQUEZ, Oscar presented documents. Records show VÁSQUEZ "
         "travelled to Reynosa.", ["VÁSQUEZ, Oscar", "VÁSQUEZ"]),
        ("WANG, Ji-woo was stopped near the port.", ["WANG, Ji-woo"]),
        ("Reporting identifies AZIZ, Mahmoud as a participant. Nadia Aziz, a former roommate, "
         "is not assessed to be involved.", ["AZIZ, Mahmoud", "Nadia Aziz"]),
        # A full name in capitals is a name when the report goes on to use its surname.
        ("A retail employee reported that LAUREN TAYLOR, 53, attempted to buy fertiliser. "
         "The phone in TAYLOR's possession was seized.", ["LAUREN TAYLOR", "TAYLOR"]),
        ("Local media reported that SALMA AL-MASRI was present. AL-MASRI left.",
         ["SALMA AL-MASRI", "AL-MASRI"]),
    ],
)
def test_upper_case_record_forms_are_people(extractor, text, people):
    found = extractor.extract(text)
    assert [s for s in surfaces(found, K.PERSON) if s != "Reynosa"] == people
    assert not set(people) & set(surfaces(found, K.ORGANIZATION) + surfaces(found, K.LOCATION))


@pytest.mark.parametrize(
    "text",
    [
        "NOTICE TO RECIPIENTS follows the summary.",  # capitals without a surname used alone
        "The FBI, Houston field office, took the lead.",  # an acronym is no surname
        "LAW ENFORCEMENT SENSITIVE information is enclosed.",
    ],
)
def test_capitals_alone_are_no_people(extractor, text):
    assert surfaces(extractor.extract(text), K.PERSON) == []


@pytest.mark.parametrize(
    "text",
    [
        "Detectives requested a follow-up interview.",
        "Media coverage of the event was limited.",
        "Photographs appeared to focus on entrances, cameras and fencing rather than the scenery.",
        "A K-9 unit was requested but did not alert on the vehicle.",
        "Patel is the registered owner of a red 2013 Toyota Camry bearing WA plate TFA-7414.",
        "Chen was behind the wheel of a blue 2025 Honda Odyssey bearing WY plate JVA2178.",
    ],
)
def test_common_nouns_units_and_vehicle_makes_are_no_names(extractor, text):
    found = extractor.extract(text)
    assert surfaces(found, K.ORGANIZATION) == []
    assert set(surfaces(found, K.PERSON)) <= {"Patel", "Chen"}


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Omar Haddad works for Crescent Logistics LLC in Newark.", "Crescent Logistics LLC"),
        ("Ibrahim works for Crescent Point Wholesale Grocers, Group.",
         "Crescent Point Wholesale Grocers, Group"),
        ("Faruk works for Red River Valley Trucking LLP.", "Red River Valley Trucking LLP"),
        ("Reporting identifies Russell as a member of Northstar Exchange Ltd.",
         "Northstar Exchange Ltd."),
        ("In 2021 Crescent Logistics LLC hired Omar Haddad.", "Crescent Logistics LLC"),
        ("Reporting received on February 26, 2026 concerns ATLAS RIDGE CONSTRUCTION LLP (also known "
         "as Atlas Ridge Global), a business registered in Idaho.", "Atlas Ridge Global"),
        ("Reporting received on February 26, 2026 concerns ATLAS RIDGE CONSTRUCTION LLP (also known "
         "as Atlas Ridge Global), a business registered in Idaho.", "ATLAS RIDGE CONSTRUCTION LLP"),
        ("CASCADE POINT AUTO PARTS CORP. (also known as Cascade Point Associates) was named.",
         "CASCADE POINT AUTO PARTS CORP."),
        # A name that an organisation also goes by is an organisation, wherever it is used.
        ("Reporting concerns Highland Towing (also known as Highland Enterprises), a business "
         "registered in Fresno.", "Highland Towing"),
        ("The following was compiled from open sources. Baltic Coast Fireworks, which also trades "
         "as Baltic Coast Brothers, came to the attention of analysts.", "Baltic Coast Fireworks"),
        ("Reporting received recently concerns Aztec Ridge Fireworks, LLC (also known as Aztec "
         "Ridge Associates), a business registered in Nashville.", "Aztec Ridge Fireworks, LLC"),
    ],
)
def test_companies_stay_organisations(extractor, text, organisation):
    found = extractor.extract(text)
    assert organisation in surfaces(found, K.ORGANIZATION)
    assert organisation not in surfaces(found, K.PERSON)


@pytest.mark.parametrize(
    ("text", "organisations"),
    [
        # A company's name written without its legal form is the company.
        ("Oasis Towing, LLP, which also trades as Oasis Global, came to the attention of analysts. "
         "Reporting indicates that Oasis Towing holds the wallet.",
         ["Oasis Towing, LLP", "Oasis Global", "Oasis Towing"]),
        # An alias of an organisation is one everywhere in the report.
        ("Reporting concerns Highland Towing (also known as Highland Enterprises), a business "
         "registered in Fresno. Funds were moved. Analysts assess that Highland Towing holds the wallet.",
         ["Highland Towing", "Highland Enterprises", "Highland Towing"]),
    ],
)
def test_other_names_of_an_organisation_are_the_organisation(extractor, text, organisations):
    found = extractor.extract(text)
    assert surfaces(found, K.PERSON) == []
    assert surfaces(found, K.ORGANIZATION) == organisations


def test_a_one_word_company_name_leaves_the_surname_a_person(extractor):
    found = extractor.extract("Manuel Fuentes owns Fuentes LLC in Laredo. Fuentes said the trucks were late.")
    assert "Fuentes LLC" in surfaces(found, K.ORGANIZATION)
    assert surfaces(found, K.PERSON)[0] == "Manuel Fuentes"
    assert "Fuentes" not in surfaces(found, K.ORGANIZATION)


# Relations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ali Hassan called Omar Farouk.", ("CALLED", "Ali Hassan", "Omar Farouk")),
        ("Ali Hassan texted Omar Farouk twice.", ("CALLED", "Ali Hassan", "Omar Farouk")),
        ("Omar Connor called (629) 555-0118 on Tuesday.", ("CALLED", "Omar Connor", "(629) 555-0118")),
        ("Ali Hassan placed calls to Maria Lopez.", ("CALLED", "Ali Hassan", "Maria Lopez")),
        ("Ali Hassan received a call from 202-555-0143.", ("CALLED", "202-555-0143", "Ali Hassan")),
        ("The phone 202-555-0143 was used to call Omar Farouk.",
         ("CALLED", "202-555-0143", "Omar Farouk")),
        ("Ali Hassan is a member of Hezbollah.", ("MEMBER_OF", "Ali Hassan", "Hezbollah")),
        ("Ali Hassan, a member of MS-13, was arrested in Houston.",
         ("MEMBER_OF", "Ali Hassan", "MS-13")),
        ("Hezbollah operative Ali Hassan was seen in Dallas.",
         ("MEMBER_OF", "Ali Hassan", "Hezbollah")),
        ("Ali Hassan joined ISIS in 2014.", ("MEMBER_OF", "Ali Hassan", "ISIS")),
        ("Maria Lopez works for the Sinaloa Cartel.", ("WORKS_FOR", "Maria Lopez", "Sinaloa Cartel")),
        ("Ali Hassan, who works for Hezbollah, called Omar.", ("WORKS_FOR", "Ali Hassan", "Hezbollah")),
        ("Juan Perez drove a gray Honda Civic bearing Texas plate ABC-1234.",
         ("DROVE", "Juan Perez", "Texas plate ABC-1234")),
        ("The Honda bearing TX plate ABC1234 is registered to Carlos Mendez.",
         ("OWNS", "Carlos Mendez", "TX plate ABC1234")),
        ("Ali Hassan's phone 202-555-0143 was found.", ("OWNS", "Ali Hassan", "202-555-0143")),
        ("Ali Hassan, using phone +44 20 7946 0958, called Omar Farouk.",
         ("OWNS", "Ali Hassan", "+44 20 7946 0958")),
        ("Suspect John Smith owns a Glock 19.", ("OWNS", "John Smith", "Glock 19")),
        ("Ivan Petrov flew to Istanbul.", ("TRAVELLED_TO", "Ivan Petrov", "Istanbul")),
        ("Juan Perez traveled to El Paso.", ("TRAVELLED_TO", "Juan Perez", "El Paso")),
        ("Omar Farouk travelled to Dallas.", ("TRAVELLED_TO", "Omar Farouk", "Dallas")),
        ("Mohammed al-Rashid met with Abu Bakr al-Baghdadi in Mosul.",
         ("MET_WITH", "Mohammed al-Rashid", "Abu Bakr al-Baghdadi")),
        ("Ali Hassan surveilled the Jefferson substation.",
         ("TARGETS", "Ali Hassan", "Jefferson substation")),
        ("Ali Hassan was seen photographing the Hoover Dam.", ("TARGETS", "Ali Hassan", "Hoover Dam")),
        ("Omar Farouk conducted surveillance of the Port of Houston.",
         ("TARGETS", "Omar Farouk", "Port of Houston")),
    ],
)
def test_relation_patterns(extractor, text, expected):
    assert expected in relations(extractor.extract(text))


def test_coordinated_subjects_and_inherited_subjects(extractor):
    found = extractor.extract("Ali Hassan and Omar Farouk travelled to Houston and met with Juan Perez.")
    assert relations(found) == {
        ("TRAVELLED_TO", "Ali Hassan", "Houston"),
        ("TRAVELLED_TO", "Omar Farouk", "Houston"),
        ("MET_WITH", "Ali Hassan", "Juan Perez"),
        ("MET_WITH", "Omar Farouk", "Juan Perez"),
    }
    confidence = {(found.mentions[r.source].surface, r.kind): r.confidence for r in found.relations}
    assert confidence["Ali Hassan", R.TRAVELLED_TO] == 0.8
    assert confidence["Ali Hassan", R.MET_WITH] == 0.7  # subject inherited from "travelled"


def test_relation_sentence_and_indexes(extractor):
    found = extractor.extract("Nothing happened on Monday. Ali Hassan called Omar Farouk.")
    (relation,) = found.relations
    assert (relation.kind, relation.sentence) == (R.CALLED, 1)
    assert found.mentions[relation.source].surface == "Ali Hassan"


def test_kinds_constrain_relations(extractor):
    assert relations(extractor.extract("Ali Hassan called the FBI about a pipe bomb.")) == {
        ("CALLED", "Ali Hassan", "FBI")
    }
    # Police thwarting an attack are not attackers.
    thwarted = extractor.extract("Dallas police thwarted an attack on the Jefferson substation.")
    assert relations(thwarted) == set()


def test_pronouns_are_not_resolved(extractor):
    assert relations(extractor.extract("He called 202-555-0143 twice.")) == set()


# Pipeline -------------------------------------------------------------------------------


def test_pipeline_order_and_unused_pipes():
    nlp = build_nlp()
    assert nlp.pipe_names == [
        "nexus_identifiers", "tok2vec", "tagger", "parser", "attribute_ruler", "nexus_ruler",
        "nexus_acronyms", "nexus_names", "ner", "nexus_layout", "nexus_corrections",
        "nexus_places", "nexus_refinements", "nexus_extraction",
    ]


def test_extract_many_matches_extract(extractor):
    texts = ["Ali Hassan called 202-555-0143.", "", "Ivan Petrov flew to Istanbul."]
    assert list(extractor.extract_many(texts)) == [extractor.extract(t) for t in texts]
    assert list(extractor.extract_many([])) == []


def test_worker_processes_give_the_same_extractions(extractor):
    # More chunks of two than the workers hold in flight: the order must survive the wait.
    texts = ["Ali Hassan called 202-555-0143.", "Juan Perez drove a car bearing TX plate ABC1234.",
             "", "Ivan Petrov flew to Istanbul."] * 3
    parallel = Extractor(batch_size=2, n_process=2)
    assert list(parallel.extract_many(texts)) == [extractor.extract(t) for t in texts]


def test_extractor_pickles_as_its_settings(extractor):
    copy = pickle.loads(pickle.dumps(Extractor(batch_size=8)))
    assert (copy.model, copy.batch_size, copy.n_process) == (extractor.model, 8, 1)
    text = "Ali Hassan called Omar Farouk."
    assert copy.extract(text) == extractor.extract(text)


def test_raw_pipe_counts_docs():
    assert raw_pipe(["One text.", "Another text.", ""], load_model(), batch_size=2) == 3


def test_label_table_and_junk():
    assert LABELS["PERSON"] is K.PERSON
    assert LABELS["GPE"] is LABELS["LOC"] is K.LOCATION
    assert LABELS["FAC"] is K.FACILITY
    assert LABELS["Phone"] is K.PHONE
    assert "DATE" not in LABELS
    assert "NORP" not in LABELS
    assert is_junk(K.PERSON, "He")
    assert is_junk(K.PERSON, "X")
    assert is_junk(K.PERSON, "1234")
    assert is_junk(K.PERSON, "Mr.")
    assert is_junk(K.PERSON, "suspect")
    assert is_junk(K.ORGANIZATION, "VIN")
    assert not is_junk(K.PERSON, "Li Wei")
    assert not is_junk(K.PHONE, "1")


def test_pattern_files():
    for path in sorted(PATTERNS_DIR.glob("*.jsonl")):
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line)
            where = f"{path.name}:{number}"
            assert set(row) == {"label", "pattern", "id"}, where
            assert isinstance(row["pattern"], str), where
            assert row["pattern"] == row["pattern"].strip(), where
            label = NAMED_BY_CONTEXT.get(row["label"], row["label"])
            assert label in LABELS, where
            if label == "FAC":
                assert row["id"] in SECTORS, where
