"""Request and response models of the analyst API (entities, paths, nexus, areas,
judgements, watchlist).

They mirror the frozen records of `queries` field for field, so a response is built with
`Model.model_validate(record, from_attributes=True)` and carries exactly what the query
returned: nothing is looked up or added on the way out. `level` and `vis` are the numeric
level and CNF label of an item (for a derived item, of the AND of its sources).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph_service.domain import Direction, EntityKind, EvidenceKind, Status, Verdict

T = TypeVar("T")

MAX_REASON_CHARS = 2000
MAX_NOTE_CHARS = 2000


class Record(BaseModel):
    """A response model read from a query record."""

    model_config = ConfigDict(from_attributes=True)


class Page(Record, Generic[T]):
    """One page of a list. Pass `next_cursor` back as `cursor` for the next page; the
    pages of a list add up to `total`. `truncated`: the list was cut at a search budget."""

    items: list[T]
    total: int
    next_cursor: str | None
    truncated: bool = False


# ---------------------------------------------------------------- entities


class NodePublic(Record):
    """An entity as the viewer may know it. `subject`: an intelligence subject (on the
    watchlist, or a person, organisation or facility named by visible INTEL reporting);
    `anchor`: a person, organisation or facility named by visible LE reporting; `holders`:
    for an identifier value on a scored path, the visible entities using it."""

    key: str
    kind: str
    name: str
    reports: int
    le_reports: int
    intel_reports: int
    subject: bool
    anchor: bool
    watched: bool
    holders: int | None


class EntityHitPublic(Record):
    """A search result; `score` is the name match (0-100, 100 for an identifier)."""

    key: str
    kind: str
    name: str
    aliases: list[str]
    score: float
    reports: int
    report_ids: list[str]


class NamePublic(Record):
    """A name or identifier value seen in visible mentions, how often, and where."""

    text: str
    count: int
    reports: list[str]


class ReportRefPublic(Record):
    """A visible report."""

    id: str
    title: str | None
    side: str
    agency: str | None
    area: str | None
    level: int
    vis: list[str]
    reported_at: str


class AreaCountPublic(Record):
    """An area and how many visible reports of it mention the entity."""

    code: str
    name: str | None
    count: int


class LinkPublic(Record):
    """A linked entity and the strength of its best visible evidence."""

    key: str
    kind: str
    name: str
    evidence: EvidenceKind
    strength: float
    reports: int
    same_sentence: int
    relations: list[str]
    candidate_score: float | None
    verdict: str | None
    newest: str | None


class WatchRefPublic(Record):
    """The newest visible watchlist entry of an entity (it may have one per label)."""

    reason: str | None
    level: int
    vis: list[str]
    added_by: str | None
    added_at: str | None


class ProfilePublic(Record):
    """Everything the viewer may know of one entity."""

    key: str
    kind: str
    name: str
    reports: int
    le_reports: int
    intel_reports: int
    open_reports: int
    first_seen: str | None
    last_seen: str | None
    names: list[NamePublic]
    identifiers: list[NamePublic]
    latest: list[ReportRefPublic]
    areas: list[AreaCountPublic]
    links: list[LinkPublic]
    watch: WatchRefPublic | None


class TimelineItemPublic(Record):
    """A visible report mentioning the entity, when it happened, what it calls it."""

    at: str
    report: ReportRefPublic
    names: list[str]


# ---------------------------------------------------------------- paths and nexus


class CoMentionPublic(Record):
    """A visible report mentioning both entities of a hop, with a snippet around them."""

    report: str
    side: str
    agency: str | None
    level: int
    vis: list[str]
    reported_at: str
    same_sentence: bool
    surface_a: str
    surface_b: str
    snippet: str | None


class RelationPublic(Record):
    """A relation a visible report states between the two entities."""

    kind: str
    report: str
    source: str
    target: str
    confidence: float | None
    level: int
    vis: list[str]


class CandidateEvidencePublic(Record):
    """A visible resolution candidate between the two entities and its visible verdict."""

    a: str
    b: str
    score: float
    method: str
    level: int
    vis: list[str]
    reports: list[str]
    verdict: str | None
    newest: str | None


class HopEvidencePublic(Record):
    """All visible evidence of a hop: items capped, counts complete."""

    comentions: list[CoMentionPublic]
    reports: int
    same_sentence: int
    relations: list[RelationPublic]
    relation_count: int
    candidate: CandidateEvidencePublic | None
    newest: str | None


class HopPublic(Record):
    """One step of a path and its evidence."""

    source: str
    target: str
    kind: EvidenceKind
    strength: float
    evidence: HopEvidencePublic


class FactorPublic(Record):
    """One factor of a score (see docs/scoring.md); `at` is the hop or node index."""

    kind: str
    value: float
    at: int


class ScorePublic(Record):
    """A score and the factors whose product it is."""

    value: float
    factors: list[FactorPublic]


class PathPublic(Record):
    """Entities joined hop by hop, scored."""

    nodes: list[NodePublic]
    hops: list[HopPublic]
    score: ScorePublic
    level: int
    vis: list[str]


class PathsPublic(Record):
    """Paths between two entities, fewest hops first."""

    paths: list[PathPublic]
    truncated: bool


class NexusPublic(Record):
    """A nexus: the path from the start to an entity on the other side, and that entity's
    newest visible reports there (and its visible watchlist reason)."""

    direction: Direction
    start: str
    other: str
    path: PathPublic
    other_reports: list[str]
    watch_reason: str | None


class PointerPublic(Record):
    """A tearline: a link to the start exists at a level above the caller. It carries no
    content of that evidence; quote `ref` to the desk."""

    message: str
    desk: str
    ref: str


class NexusPage(Page[NexusPublic]):
    """A page of nexus paths. `pointers`, on the first page of an entity's search and only
    for principals the pointer policy names: links that exist above the caller's level."""

    pointers: list[PointerPublic] = []


# ---------------------------------------------------------------- subgraphs


class SubgraphNodePublic(NodePublic):
    """An entity of a subgraph with its place in it (networkx on the returned subgraph);
    `hub`: a generic place or an entity of too many visible reports, shown but neither
    expanded nor used as a bridge unless hubs are included."""

    hub: bool
    degree_centrality: float
    betweenness: float
    community: int


class EdgePublic(Record):
    """Visible evidence between two entities, summarised by its best kind."""

    a: str
    b: str
    kind: EvidenceKind
    strength: float
    reports: int
    same_sentence: int
    relations: list[str]
    candidate_score: float | None
    verdict: str | None
    report_ids: list[str]
    newest: str | None


class SubgraphPublic(BaseModel):
    """Entities and the visible links among them."""

    nodes: list[SubgraphNodePublic]
    edges: list[EdgePublic]
    truncated: bool


# ---------------------------------------------------------------- areas


class AreaPublic(Record):
    """An area of the reference list."""

    code: str
    name: str
    kind: str
    state: str


class ActivityPublic(Record):
    """Visible reports of one side and agency in the window and the previous one."""

    side: str
    agency: str
    current: int
    previous: int


class EntityChangePublic(Record):
    """An entity's visible report counts in the window and the previous one."""

    key: str
    kind: str
    name: str
    current: int
    previous: int
    first_seen: str | None


class AreaExtentPublic(BaseModel):
    """How many visible reports an area has, and the dates of the oldest and newest."""

    reports: int
    first: str | None
    last: str | None


class AreaPicturePublic(BaseModel):
    """What happened in an area in a window, as the viewer may see it."""

    area: AreaPublic
    codes: list[str]
    since: str
    until: str
    previous_since: str
    activity: list[ActivityPublic]
    reports: int
    previous_reports: int
    new_entities: list[EntityChangePublic]
    changes: list[EntityChangePublic]
    nexus: list[NexusPublic]
    nexus_total: int
    open_alerts: int
    truncated: bool


# ---------------------------------------------------------------- judgements


class CandidatePublic(Record):
    """A visible resolution candidate and where it stands."""

    a: str
    a_name: str
    b: str
    b_name: str
    score: float
    method: str
    level: int
    vis: list[str]
    reports: list[str]
    status: Status
    by: str | None
    at: str | None
    note: str | None


class JudgementCreate(BaseModel):
    """A verdict on the candidate between entities `a` and `b` (either order)."""

    model_config = ConfigDict(extra="forbid")

    a: str = Field(min_length=1, max_length=500)
    b: str = Field(min_length=1, max_length=500)
    verdict: Verdict
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)


class JudgementPublic(Record):
    """A recorded verdict."""

    a: str
    b: str
    verdict: Verdict
    by: str
    at: str
    note: str | None
    level: int
    vis: list[str]
    score: float
    method: str


# ---------------------------------------------------------------- watchlist


class WatchCreate(BaseModel):
    """A watchlist entry: the entity by `key`, or by `kind` and `value` (normalised the way
    ingest keys it), why it is watched, and the marking of the entry (which the caller
    must satisfy)."""

    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, min_length=1, max_length=500)
    kind: EntityKind | None = None
    value: str | None = Field(default=None, min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)
    marking: str = Field(min_length=1, max_length=200, examples=["SECRET//NOFORN"])


class WatchPublic(Record):
    """A visible watchlist entry; `name` when the entity exists for the viewer."""

    key: str
    name: str | None
    reason: str
    level: int
    vis: list[str]
    added_by: str
    added_at: str
