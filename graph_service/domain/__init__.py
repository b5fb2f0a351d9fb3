"""Domain records shared by ingest, queries and the API.

Plain frozen dataclasses: they sit on the hot path of ingest and import nothing from
Neo4j, FastAPI or spaCy. Pydantic models live at the edges (file formats, API schemas).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Side(StrEnum):
    """Which half of the operations center a report comes from."""

    LE = "LE"
    INTEL = "INTEL"
    OPEN = "OPEN"


class EntityKind(StrEnum):
    """Kinds of entity; each value is also the Neo4j label of the node."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    LOCATION = "Location"
    FACILITY = "Facility"
    PHONE = "Phone"
    EMAIL = "Email"
    VEHICLE = "Vehicle"
    ACCOUNT = "Account"
    WEAPON = "Weapon"
    IP_ADDRESS = "IpAddress"
    DOMAIN = "Domain"
    DOCUMENT = "Document"
    VULNERABILITY = "Vulnerability"  # a CVE id: the one advisory code every report quotes alike


HUB_REPORTS = 100
"""An entity mentioned by more visible reports than this is a hub (queries.hubs). Ingest
labels every entity mentioned more often than this `:Busy`, the only ones that can be."""

PLACE_KINDS = frozenset({EntityKind.LOCATION, EntityKind.FACILITY})
HUB_PLACE_REPORTS = 25
"""A place named by more visible reports than this is a hub already: a venue or a port of
entry that crowds pass through joins nobody, where a person or a group named that often
is a subject. Ingest labels such places `:Busy` too."""


def hub_reports(kind: str | None) -> int:
    """The visible reports beyond which an entity of `kind` (its label) is a hub."""
    return HUB_PLACE_REPORTS if kind in PLACE_KINDS else HUB_REPORTS


BIRTH_YEAR_SLACK = 1
"""An age gives a birth year to within a year: two stated birth years further apart than
this are two people (resolution keeps them apart; an alert never joins them)."""


# Kinds whose key is a normalised identifier value: these resolve exactly on the value.
# Exactly the kinds of the identifier types (graph_service.domain.identifiers.TYPES, a
# test holds the two equal); listed here because those types import this module, and
# because resolution and the read path test membership without loading the finders.
IDENTIFIER_KINDS = frozenset(
    {
        EntityKind.PHONE,
        EntityKind.EMAIL,
        EntityKind.VEHICLE,
        EntityKind.ACCOUNT,
        EntityKind.IP_ADDRESS,
        EntityKind.DOMAIN,
        EntityKind.DOCUMENT,
        EntityKind.VULNERABILITY,
    }
)


# The read path's vocabulary, which the API speaks too.


class EvidenceKind(StrEnum):
    """Kinds of evidence joining two entities, strongest first."""

    SAME_ENTITY = "same_entity"
    SHARED_IDENTIFIER = "shared_identifier"
    STATED_RELATION = "stated_relation"
    SAME_SENTENCE = "same_sentence"
    SAME_REPORT = "same_report"
    CANDIDATE = "candidate"


class Direction(StrEnum):
    """Which way a nexus runs from its start."""

    LE_TO_INTEL = "le_to_intel"
    INTEL_TO_LE = "intel_to_le"
    BOTH = "both"


class Verdict(StrEnum):
    """An analyst's decision on a candidate."""

    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Status(StrEnum):
    """Where a candidate stands, as the viewer may see."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class RelationKind(StrEnum):
    """Typed relations stated in a report."""

    MEMBER_OF = "MEMBER_OF"
    WORKS_FOR = "WORKS_FOR"
    CALLED = "CALLED"
    OWNS = "OWNS"
    DROVE = "DROVE"
    TRAVELLED_TO = "TRAVELLED_TO"
    MET_WITH = "MET_WITH"
    TARGETS = "TARGETS"
    # Stated by partners' STIX relationships and sightings (ingest.readers.stix).
    USES = "USES"
    LOCATED_AT = "LOCATED_AT"
    INDICATES = "INDICATES"
    COMMUNICATES_WITH = "COMMUNICATES_WITH"
    RESOLVES_TO = "RESOLVES_TO"
    IMPERSONATES = "IMPERSONATES"
    COMPROMISES = "COMPROMISES"
    RELATED_TO = "RELATED_TO"
    SIGHTED_AT = "SIGHTED_AT"


@dataclass(frozen=True, slots=True)
class Report:
    """A validated report, ready for extraction. `marking` is the banner as received."""

    id: str
    agency: str
    side: Side
    marking: str
    area: str | None
    reported_at: datetime
    event_at: datetime | None
    title: str
    text: str

    @property
    def sha256(self) -> str:
        """Content hash: same id and same hash means re-ingest changes nothing."""
        parts = (
            self.id, self.agency, self.side.value, self.marking, self.area or "",
            self.reported_at.isoformat(), self.event_at.isoformat() if self.event_at else "",
            self.title, self.text,
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of a report that names an entity.

    `value` is the normalised identifier for identifier kinds (E.164 phone, lower-case
    e-mail, `STATE:PLATE`, VIN, wallet...) and None for names. `valid` is False when the
    identifier failed its checksum: such a mention is kept but never used to merge.
    """

    kind: EntityKind
    surface: str
    start: int
    end: int
    sentence: int
    confidence: float
    role: str | None = None
    value: str | None = None
    valid: bool = True
    sector: str | None = None  # critical-infrastructure sector, Facility only


@dataclass(frozen=True, slots=True)
class StatedRelation:
    """A typed relation between two mentions of the same report (indexes into its mentions)."""

    kind: RelationKind
    source: int
    target: int
    sentence: int
    confidence: float


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found in one report."""

    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    relations: tuple[StatedRelation, ...] = field(default_factory=tuple)
    # (i, j): mention i names the entity of mention j under another name (a STIX alias),
    # so resolution gives it mention j's key.
    same: tuple[tuple[int, int], ...] = field(default_factory=tuple)
