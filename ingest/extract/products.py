"""Products named after their vendor, which are the vendor and a product, not a new vendor.

Advisories name a product with its vendor in front ("Acme Controls FieldLink Gateway 3",
"Northwind Systems OptiView X200 HMI"), and the statistical NER takes the whole run for
one organisation: every product and version a new organisation, a hundred nodes for one
vendor. An organisation span is cut before its first product word: a word with a capital
inside it ("FieldLink", "OptiView"), a word of letters and digits ("X200", "S7-1500"), or
a product noun ("Gateway", "Controller", "Firmware"). What is left in front is the vendor;
the product itself is no entity the graph keeps. A company named with a product noun
("Northwind Modules LLC") keeps its name.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ingest.extract.labels import COMPANY_SUFFIXES

_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
# Surnames and place names with a capital inside ("McAllen", "DeKalb", "LaGuardia").
_NAME_PREFIX = re.compile(r"(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Du|St|O)[A-Z][a-z]+")
_LETTERS_AND_DIGITS = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9./-]*")
# Nouns that close a product's name and seldom a company's ("Acme Software" is a company).
PRODUCT_NOUNS = frozenset({
    "gateway", "gateways", "controller", "controllers", "firmware", "router", "routers",
    "hmi", "plc", "plcs", "rtu", "scada", "appliance", "appliances", "module", "modules",
    "sensor", "sensors", "workstation", "camera", "cameras", "series", "firewall", "modem",
    "modems", "inverter", "inverters", "historian",
})


def is_product_word(token: Token) -> bool:
    """Whether `token` names a product rather than its vendor (module docstring)."""
    text = token.text
    return (
        (bool(_INNER_CAPITAL.search(text)) and not _NAME_PREFIX.fullmatch(text))
        or bool(_LETTERS_AND_DIGITS.fullmatch(text)) or token.lower_ in PRODUCT_NOUNS
    )


def vendor_of(entity: Span) -> Span:
    """The vendor part of an organisation span that runs on into a product name; the
    span itself when no product word follows its first word, or when it is a ruler's
    or ends in a company suffix ("Northwind Modules LLC" is a company)."""
    if entity.label_ != "ORG" or entity.ent_id_ or entity[-1].lower_.rstrip(".") in COMPANY_SUFFIXES:
        return entity
    for token in entity[1:]:
        if is_product_word(token):
            return Span(entity.doc, entity.start, token.i, label=entity.label)
    return entity
