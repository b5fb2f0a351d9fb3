"""Request and response models of alerts and webhook subscriptions (the contract agreed
with the client and the console)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from graph_service.api.schemas import MAX_NOTE_CHARS, PathPublic, PointerPublic, Record

RuleName = Literal["watch_proximity", "cross_side", "shared_identifier", "watch_candidate", "pointer"]
StateName = Literal["new", "acknowledged", "closed"]


class HistoryPublic(Record):
    """One move of an alert: the state entered, the note, by whom and when."""

    state: StateName
    note: str | None
    by: str
    at: str


class AlertPublic(Record):
    """An alert: why (`rule`, `score`), about whom (`subject`), where, the path with each
    hop's evidence, and its lifecycle. A pointer alert has no path and no subject name."""

    id: str
    rule: RuleName
    state: StateName
    score: float
    subject: str
    subject_name: str | None
    subject_kind: str | None
    area: str | None
    side: Literal["LE", "INTEL", "OPEN"] | None
    reports: list[str]
    path: PathPublic | None
    pointer: PointerPublic | None
    created_at: str
    updated_at: str
    history: list[HistoryPublic]


class AcknowledgeBody(BaseModel):
    """An acknowledgement, with an optional note."""

    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(None, max_length=MAX_NOTE_CHARS)


class CloseBody(BaseModel):
    """A closure: the note saying why is required."""

    model_config = ConfigDict(extra="forbid")
    note: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)


class SubscriptionFilters(BaseModel):
    """Which alerts a subscription receives: any of `rules`, any of `areas` (all when
    null), at least `min_score`."""

    model_config = ConfigDict(extra="forbid")
    rules: list[RuleName] | None = Field(None, max_length=10)
    areas: list[str] | None = Field(None, max_length=100)
    min_score: float | None = Field(None, ge=0)


class SubscriptionCreate(BaseModel):
    """A webhook destination (it must pass the allow-list) and its filters."""

    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    filters: SubscriptionFilters = SubscriptionFilters()


class SubscriptionPublic(Record):
    """A subscription; `secret` only in the answer that created (or rotated) it."""

    id: str
    url: str
    filters: SubscriptionFilters
    active: bool
    disabled_reason: str | None
    created_at: str
    secret: str | None = None


class DeliveryPublic(Record):
    """A webhook delivery (a dead letter when listed as one)."""

    id: str
    alert: str
    state: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: str
