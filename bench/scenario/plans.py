"""Report plans: what a report will say, before it is written as prose.

A plan is a list of facts about entities. The world builds plans (planted ones up
front, background ones while streaming); the composer turns a plan into text and
records every mention it writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graph_service.domain import RelationKind, Side
from graph_service.reference import Agency, Area

from .entities import Entity
from .names import NameStyle


class ReportKind(StrEnum):
    """What sort of report this is; decides scene, title and filler."""

    TRAFFIC_STOP = "traffic_stop"
    ARREST = "arrest"
    SAR = "suspicious_activity"
    BORDER = "border_crossing"
    PRECURSOR = "precursor_purchase"
    TIP = "tip"
    THREAT_STREAM = "threat_stream"
    PROFILE = "subject_profile"
    TRAVEL = "travel"
    COMMUNICATIONS = "communications"
    FINANCING = "financing"
    MEDIA = "media"
    INFRASTRUCTURE = "infrastructure_incident"


# Background mix of report kinds per side (weights).
SIDE_KINDS: dict[Side, tuple[tuple[ReportKind, int], ...]] = {
    Side.LE: (
        (ReportKind.TRAFFIC_STOP, 25),
        (ReportKind.ARREST, 20),
        (ReportKind.SAR, 20),
        (ReportKind.BORDER, 15),
        (ReportKind.PRECURSOR, 8),
        (ReportKind.TIP, 12),
    ),
    Side.INTEL: (
        (ReportKind.THREAT_STREAM, 25),
        (ReportKind.PROFILE, 25),
        (ReportKind.TRAVEL, 20),
        (ReportKind.COMMUNICATIONS, 15),
        (ReportKind.FINANCING, 15),
    ),
    Side.OPEN: ((ReportKind.MEDIA, 60), (ReportKind.INFRASTRUCTURE, 40)),
}


class FactKind(StrEnum):
    """What a fact states; with the entity kinds it selects sentence templates."""

    PRESENCE = "presence"  # a is the subject of the report
    USES = "uses"  # a uses identifier b (phone, e-mail, account, vehicle)
    RELATION = "relation"  # a <relation> b, stated explicitly
    COMENTION = "comention"  # a and b named in one sentence, no stated relation
    TRAVEL = "travel"  # a travelled to place b
    VISIT = "visit"  # a was at venue b
    RESIDES = "resides"  # a lives in city b
    PURCHASE = "purchase"  # a bought precursor material from organisation b
    CONTACTED = "contacted"  # a called or listed busy business line b
    INCIDENTAL = "incidental"  # a is a passer-by: witness, passenger, spokesperson


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement about one or two entities."""

    kind: FactKind
    a: Entity
    b: Entity | None = None
    relation: RelationKind | None = None


@dataclass(slots=True)
class ReportPlan:
    """Everything needed to write one report, except its time (set by its position)."""

    side: Side
    kind: ReportKind
    agency: Agency
    area: Area
    marking: str
    facts: list[Fact]
    # How each person is introduced in this report (cluster -> style); FULL if absent.
    styles: dict[str, NameStyle] = field(default_factory=dict)

    @property
    def focal(self) -> Entity:
        """The entity the report is about: the first PRESENCE fact, else the first actor."""
        for fact in self.facts:
            if fact.kind is FactKind.PRESENCE:
                return fact.a
        return self.facts[0].a

