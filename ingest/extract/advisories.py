"""What advisories state outright: the critical-infrastructure sectors they concern.

"CRITICAL INFRASTRUCTURE SECTORS: Energy, Water and Wastewater Systems" is the most
reliable signal an advisory gives, and no type noun of the facility ruler is in it, so
nothing was extracted from it. A sector statement (that field, a "Sector:" field at the
start of a line, or "... in the Energy and Dams sectors") gives one Facility mention per
sector named, of that sector.

Scoring phrases are no facilities: in "the CVSS v3 base score" the facility ruler took
"base" (a military base) for a government facility. A facility type noun that modifies a
scoring word ("base score", "base metric") is dropped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ingest.extract.labels import SECTORS

# The sector names of PPD-21 as advisories write them, each with its sector id.
_NAMES: dict[str, str] = {
    "chemical": "chemical", "commercial facilities": "commercial-facilities",
    "communications": "communications", "critical manufacturing": "critical-manufacturing",
    "dams": "dams", "defense industrial base": "defense-industrial-base",
    "emergency services": "emergency-services", "energy": "energy",
    "financial services": "financial-services", "food and agriculture": "food-agriculture",
    "government facilities": "government-facilities",
    "government services and facilities": "government-facilities",
    "healthcare and public health": "healthcare-public-health",
    "information technology": "information-technology",
    "nuclear reactors, materials, and waste": "nuclear", "nuclear": "nuclear",
    "transportation systems": "transportation-systems", "transportation": "transportation-systems",
    "water and wastewater systems": "water-wastewater", "water and wastewater": "water-wastewater",
    "water": "water-wastewater",
}
assert set(_NAMES.values()) <= SECTORS
_SECTOR = re.compile(
    r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_NAMES, key=len, reverse=True))
    + r")\b",
    re.I,
)
# "Critical infrastructure sectors: ..." up to the end of the line; "the Energy and Dams
# sectors" (the names just before the word "sector(s)").
_FIELD = re.compile(
    r"(?:critical\s+infrastructure\s+sectors?\s*[:\-–]|^[ \t]*sectors?\s*:)[ \t]*(?P<list>[^\n]+)",
    re.I | re.M,
)
_BEFORE_SECTOR = re.compile(
    r"(?P<list>(?:[A-Z][\w,]*\s+){0,8}?(?:(?:and|&)\s+)?[A-Z][\w,]*(?:\s+[A-Z]\w*){0,3})\s+sectors?\b"
)
_SCORING = frozenset({"score", "scores", "metric", "metrics", "vector", "severity", "rating"})


def sector_spans(doc: Doc) -> list[Span]:
    """A Facility span (label FAC, id the sector) for each sector a statement names."""
    found = []
    text = doc.text
    statements = [m.span("list") for m in _FIELD.finditer(text)]
    statements += [m.span("list") for m in _BEFORE_SECTOR.finditer(text)]
    for start, end in statements:
        for match in _SECTOR.finditer(text, start, end):
            sector = _NAMES[" ".join(match.group().lower().split())]
            span = doc.char_span(match.start(), match.end(), label="FAC", span_id=sector,
                                 alignment_mode="contract")
            if span is not None:
                found.append(span)
    return found


def is_scoring_phrase(entity: Span) -> bool:
    """A ruler facility that modifies a scoring word ("base score")."""
    doc = entity.doc
    return entity.label_ == "FAC" and entity.end < len(doc) and doc[entity.end].lower_ in _SCORING
