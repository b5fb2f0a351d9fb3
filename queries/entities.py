"""Entities as the viewer may see them: search, profile, linked entities and timeline.

An entity exists for a viewer only through visible reports that mention it; everything
said about it here (names, identifiers, counts, dates, areas, links) is read from those
reports, and a hidden or unknown entity is simply absent (None), which the API answers
with the one 404.

Search matches the query three ways: as an identifier normalised the way ingest stores
it, as a name normalised the way ingest keys it, and fuzzily against the surfaces of
visible mentions (the full-text index on the names of the entities' tallies finds
candidates, ranking is rapidfuzz on visible names only: a Lucene score depends on hidden
documents too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

from graph_service.domain import IDENTIFIER_KINDS, EntityKind, EvidenceKind, Mention
from graph_service.domain.identifiers import normalise
from graph_service.domain.keys import entity_key
from graph_service.store import Store
from graph_service.visibility import Viewer
from queries.guard import breach, check, tokens
from queries.nodes import NodeInfo, fetch_nodes
from queries.pages import Page, slice_page
from queries.scoring import HopSummary, hop_strength

__all__ = [
    "AreaCount",
    "EntityHit",
    "Link",
    "Name",
    "Profile",
    "ReportRef",
    "TimelineItem",
    "WatchRef",
    "entity_kind",
    "profile",
    "search",
    "timeline",
]

SEARCH_CAP = 1000
"""Most entities one search ranks; reaching it marks the result truncated."""

MAX_QUERY_TERMS = 8
MAX_NAMES = 20
MAX_REPORTS = 20
MAX_AREAS = 20
MAX_LINKS = 50

_TERM = re.compile(r"\w+")
_IDENTIFIER_KINDS = sorted(IDENTIFIER_KINDS)
_NAME_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.LOCATION, EntityKind.FACILITY)


@dataclass(frozen=True, slots=True)
class EntityHit:
    """A search result: the entity, its display name and other visible names, a match
    score (0-100) and how many visible reports mention it."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    score: float
    reports: int
    report_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Name:
    """A name or identifier value seen in visible mentions, how often, and where (newest)."""

    text: str
    count: int
    reports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportRef:
    """A visible report, as listed with an entity."""

    id: str
    title: str | None
    side: str
    agency: str | None
    area: str | None
    level: int
    vis: tuple[str, ...]
    reported_at: str


@dataclass(frozen=True, slots=True)
class AreaCount:
    """An area and how many visible reports of it mention the entity."""

    code: str
    name: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Link:
    """An entity linked to the profiled one, with the strength of its best evidence."""

    key: str
    kind: str
    name: str
    evidence: EvidenceKind
    strength: float
    reports: int
    same_sentence: int
    relations: tuple[str, ...]
    candidate_score: float | None
    verdict: str | None
    newest: str | None


@dataclass(frozen=True, slots=True)
class WatchRef:
    """The newest visible watchlist entry of an entity (it may have one per label)."""

    reason: str | None
    level: int
    vis: tuple[str, ...]
    added_by: str | None
    added_at: str | None


@dataclass(frozen=True, slots=True)
class Profile:
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
    names: tuple[Name, ...]
    identifiers: tuple[Name, ...]
    latest: tuple[ReportRef, ...]
    areas: tuple[AreaCount, ...]
    links: tuple[Link, ...]
    watch: WatchRef | None

    def report_ids(self) -> list[str]:
        """Ids of the reports whose content the profile carries."""
        ids = [r.id for r in self.latest]
        ids += [rid for n in (*self.names, *self.identifiers) for rid in n.reports]
        return ids


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A visible report mentioning the entity, when it happened, and what it calls it."""

    at: str
    report: ReportRef
    names: tuple[str, ...]


def entity_kind(
    store: Store, viewer: Viewer, key: str, *, timeout_s: float | None = None
) -> str | None:
    """The kind of entity `key` if it exists for the viewer, else None."""
    rows = store.read("entity_get", {"key": key, "tokens": tokens(viewer)}, timeout_s)
    if not rows:
        return None
    check(viewer, rows[0]["vis"], "entity_get")
    return str(rows[0]["kind"])


def _exact_keys(query: str) -> tuple[set[str], set[str]]:
    """Keys the query names exactly: (identifier keys, name keys), as ingest would key them."""
    identifiers: set[str] = set()
    for kind in _IDENTIFIER_KINDS:
        value = normalise(kind, query)
        if value:
            key = entity_key(Mention(kind, query, 0, len(query), 0, 1.0, value=value), "")
            if key:
                identifiers.add(key)
    names: set[str] = set()
    for kind in _NAME_KINDS:
        key = entity_key(Mention(kind, query, 0, len(query), 0, 1.0), "")
        # A key scoped to a report ("person:ali@RPT-1") is not a name anyone can search by.
        if key and "@" not in key:
            names.add(key)
    return identifiers, names


def lucene_query(query: str) -> str | None:
    """The full-text query for `query`: every term must match, exactly, as a prefix or
    within a small edit distance. Terms are `\\w+` runs, so no Lucene syntax gets through."""
    terms = _TERM.findall(query.casefold())[:MAX_QUERY_TERMS]
    if not terms:
        return None
    clauses = []
    for term in terms:
        fuzzy = "" if len(term) < 4 else (f" {term}~1" if len(term) < 8 else f" {term}~2")
        clauses.append(f"+({term} {term}*{fuzzy})")
    return " ".join(clauses)


def _similarity(query: str, names: Sequence[str]) -> float:
    wanted = " ".join(query.casefold().split())
    return max((fuzz.WRatio(wanted, " ".join(n.casefold().split())) for n in names), default=0.0)


def search(
    store: Store,
    viewer: Viewer,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    offset: int = 0,
    limit: int = 20,
    timeout_s: float | None = None,
) -> Page[EntityHit]:
    """Entities matching `query` by identifier, name or alias, best first, one page.

    The ranking is complete before the page is cut: score, then visible reports, then key.
    """
    text = query.strip()
    if not text:
        raise ValueError("the query is empty")
    identifier_keys, name_keys = _exact_keys(text)
    rows = store.read(
        "entity_search",
        {"keys": sorted(identifier_keys | name_keys), "text": lucene_query(text),
         "kinds": list(kinds) if kinds else None, "tokens": tokens(viewer), "cap": SEARCH_CAP,
         "max_names": MAX_NAMES},
        timeout_s,
    )
    hits = []
    for row in rows:
        check(viewer, row["vis"], "entity_search")
        names = [str(n) for n in row["names"]]
        score = 100.0 if row["key"] in identifier_keys else round(_similarity(text, names), 2)
        hits.append(EntityHit(
            key=row["key"], kind=row["kind"], name=names[0], aliases=tuple(names[1:6]),
            score=score, reports=int(row["reports"]), report_ids=tuple(row["report_ids"]),
        ))
    hits.sort(key=lambda h: (-h.score, -h.reports, h.key))
    page = slice_page(hits, offset, limit)
    return Page(page.items, page.total, page.offset, truncated=len(rows) >= SEARCH_CAP)


def _report(row: dict[str, Any]) -> ReportRef:
    return ReportRef(
        id=row["id"], title=row["title"], side=row["side"], agency=row["agency"], area=row["area"],
        level=int(row["level"]), vis=tuple(row["vis"]), reported_at=row["reported_at"],
    )


def _names(rows: Sequence[dict[str, Any]], field: str) -> tuple[Name, ...]:
    counts: dict[str, int] = {}
    reports: dict[str, list[str]] = {}
    for row in rows:
        text = row[field]
        if text is None:
            continue
        counts[text] = counts.get(text, 0) + int(row["count"])
        reports.setdefault(text, [])
        reports[text] += [r for r in row["reports"] if r not in reports[text]]
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    return tuple(Name(t, counts[t], tuple(reports[t][:3])) for t in ranked)


def profile(
    store: Store, viewer: Viewer, key: str, *, timeout_s: float | None = None
) -> Profile | None:
    """The profile of entity `key`, or None if it does not exist for the viewer."""
    params = {"key": key, "tokens": tokens(viewer)}
    rows = store.read(
        "entity_profile",
        {**params, "max_names": MAX_NAMES, "max_reports": MAX_REPORTS, "max_areas": MAX_AREAS},
        timeout_s,
    )
    if not rows:
        return None
    link_rows = store.read("entity_links", {**params, "limit": MAX_LINKS}, timeout_s)
    # One lookup for the entity and everything it links to: each read is a round trip.
    nodes = fetch_nodes(store, viewer, [key, *(r["key"] for r in link_rows)], timeout_s=timeout_s)
    node = nodes.get(key)
    if node is None:
        return None
    row = rows[0]
    latest = tuple(_report(r) for r in row["latest"])
    for report in latest:
        check(viewer, report.vis, "entity_profile")
    watch = row["watch"]
    if watch is not None:
        check(viewer, watch["vis"], "entity_profile")
    return Profile(
        key=key, kind=row["kind"], name=node.name, reports=int(row["reports"]),
        le_reports=int(row["le"]), intel_reports=int(row["intel"]), open_reports=int(row["open"]),
        first_seen=row["first_seen"], last_seen=row["last_seen"],
        names=_names(row["names"], "surface"), identifiers=_names(row["names"], "value"),
        latest=latest,
        areas=tuple(AreaCount(a["code"], a["name"], int(a["count"])) for a in row["areas"]),
        links=_links(viewer, link_rows, nodes),
        watch=None if watch is None else WatchRef(
            watch["reason"], int(watch["level"]), tuple(watch["vis"]), watch["added_by"],
            watch["added_at"],
        ),
    )


def _links(
    viewer: Viewer, rows: Sequence[dict[str, Any]], nodes: Mapping[str, NodeInfo]
) -> tuple[Link, ...]:
    links = []
    for row in rows:
        candidate = row["candidate"]
        if candidate is not None:
            check(viewer, candidate["vis"], "entity_links")
        verdict = candidate["verdict"] if candidate else None
        summary = HopSummary.judged(
            reports=int(row["reports"]), same_sentence=int(row["same_sentence"]),
            relations=len(row["relations"]), candidate=float(candidate["score"]) if candidate else None,
            verdict=verdict,
        )
        best = hop_strength(summary)
        node = nodes.get(row["key"])
        if best is None or node is None:
            breach(viewer, "entity_links: a link without visible evidence or entity")
        links.append(Link(
            key=row["key"], kind=row["kind"], name=node.name, evidence=best[0], strength=best[1],
            reports=summary.reports, same_sentence=summary.same_sentence,
            relations=tuple(row["relations"]),
            candidate_score=float(candidate["score"]) if candidate else None, verdict=verdict,
            newest=row["newest"],
        ))
    links.sort(key=lambda link: (-link.strength, -link.reports, link.key))
    return tuple(links)


def timeline(
    store: Store,
    viewer: Viewer,
    key: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int = 50,
    timeout_s: float | None = None,
) -> Page[TimelineItem] | None:
    """The visible reports mentioning `key` in time order, one page; None if the entity
    does not exist for the viewer."""
    if entity_kind(store, viewer, key, timeout_s=timeout_s) is None:
        return None
    rows = store.read(
        "entity_timeline",
        {"key": key, "tokens": tokens(viewer), "since": since.isoformat() if since else None,
         "until": until.isoformat() if until else None, "skip": offset, "limit": limit},
        timeout_s,
    )
    row = rows[0]
    items = []
    for item in row["page"]:
        report = _report(item)
        check(viewer, report.vis, "entity_timeline")
        items.append(TimelineItem(item["at"], report, tuple(item["names"])))
    return Page(tuple(items), int(row["total"]), offset)
