"""Which spaCy entity labels become which entity kinds, and which spans are junk.

One table maps labels to kinds: the statistical model's labels, the entity rulers'
labels (`FAC`, `ORG`, `WEAPON`) and the identifier component's labels (the kind names
themselves). Labels not in the table (DATE, MONEY, CARDINAL, NORP, PRODUCT...) are
dropped: they name no entity the graph keeps. NORP ("Mexican", "Sunni") is a
nationality or creed, and taking it as an Organization would join every report that
uses the word.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import srsly

from graph_service.domain import IDENTIFIER_KINDS, EntityKind

PATTERNS_DIR = Path(__file__).parent / "patterns"

LABELS: dict[str, EntityKind] = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.LOCATION,
    "LOC": EntityKind.LOCATION,
    "FAC": EntityKind.FACILITY,
    "WEAPON": EntityKind.WEAPON,
} | {kind.value: kind for kind in IDENTIFIER_KINDS}

# Ruler labels for type nouns that take a proper name from the words around them
# ("Jefferson substation", "Port of Houston", "Dallas Police Department"), and the label
# each becomes. A `_NAMED` type noun names nothing on its own ("the port", "the police")
# and is dropped when no name is found; a plain facility type noun ("a substation") is
# kept as a facility of its sector.
NAMED_BY_CONTEXT: dict[str, str] = {"FAC": "FAC", "FAC_NAMED": "FAC", "ORG_NAMED": "ORG"}


@cache
def type_noun_ids() -> frozenset[str]:
    """The ids of the `_NAMED` type-noun patterns ("POLICE"): a type, not one organisation.

    Every other id an organisation span carries is its canonical name: the ruler's
    ("ISIS" for Daesh, ISIL and Islamic State) or a defined acronym's expansion.
    """
    return frozenset(
        str(row["id"]) for path in PATTERNS_DIR.glob("*.jsonl") for row in srsly.read_jsonl(path)
        if str(row["label"]).endswith("_NAMED")
    )

# The 16 US critical-infrastructure sectors (Presidential Policy Directive 21), as the
# ids of the facility patterns. A facility's sector is its pattern's id.
SECTORS = frozenset(
    {
        "chemical", "commercial-facilities", "communications", "critical-manufacturing",
        "dams", "defense-industrial-base", "emergency-services", "energy",
        "financial-services", "food-agriculture", "government-facilities",
        "healthcare-public-health", "information-technology", "nuclear",
        "transportation-systems", "water-wastewater",
    }
)

# Words a span may start with that are not part of the name ("the Hoover Dam").
LEADING_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})

_PRONOUNS = frozenset(
    {
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "hers", "it",
        "its", "we", "us", "our", "they", "them", "their", "who", "whom", "someone",
        "somebody", "anyone", "unknown", "unk", "subject", "suspect", "victim",
    }
)
# Identifier keywords the small model takes for organisations ("VIN 1HGCM82633A004352").
_KEYWORDS = frozenset(
    {"vin", "imo", "dob", "ssn", "dl", "lp", "ip", "url", "email", "e-mail", "phone", "tel", "cell",
     "btc", "eth", "passport", "poc", "aka", "a.k.a."}
)
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "sheikh", "imam", "mullah", "gen", "col", "capt"}
)


def is_junk(kind: EntityKind, text: str) -> bool:
    """True for a name span that names nothing: one character, digits, a pronoun, a title,
    an identifier keyword.

    Identifier kinds are never junk here: their normaliser has already decided.
    """
    if kind in IDENTIFIER_KINDS:
        return False
    stripped = text.strip(" .,;:'\"()-")
    lowered = stripped.lower()
    if len(stripped) < 2 or not any(c.isalpha() for c in stripped):
        return True
    if lowered in _PRONOUNS or lowered in _TITLES or lowered in _KEYWORDS:
        return True
    # The small model now and then tags a lower-case common noun as a person.
    return kind is EntityKind.PERSON and stripped.islower()

# Last words that make a name a company ("Atlas Ridge Construction LLP", "Al-Noor Ridge
# Trading"): legal forms, and business words that close a trading name. A PERSON span
# ending in one is an Organization.
LEGAL_FORMS = frozenset(
    {"llc", "llp", "lp", "ltd", "inc", "corp", "co", "plc", "gmbh", "sa", "ag", "bv", "pty", "pllc"}
)
# The legal forms written with a point ("Ltd.", "Corp."); "LLC" and "LLP" take none.
ABBREVIATED_FORMS = frozenset({"ltd", "corp", "co", "inc"})
COMPANY_SUFFIXES = LEGAL_FORMS | frozenset(
    {
        "group", "trading", "logistics", "holdings", "global", "international", "industries",
        "enterprises", "partners", "company", "corporation", "incorporated", "limited",
        "construction", "transport", "trucking", "exchange", "imports", "exports", "foundation",
        # The words that close the names of vendors and utilities in advisories.
        "authority", "cooperative", "systems", "controls", "technologies", "solutions",
        "networks", "automation", "utilities", "services", "association",
    }
)
# Capitalised words for units and squads that the small model takes for organisations
# and that the part-of-speech test cannot catch, because they are tagged proper nouns
# ("A K-9 unit was requested").
GENERIC_NAMES = frozenset({"k-9", "k9", "k 9", "swat", "swat team"})
