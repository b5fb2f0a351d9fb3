"""The four alert rules, evaluated for one viewer on the entities new reports mention.

A rule never scans the graph: it runs the nexus search (`queries.nexus.rank_nexus`) from
the entities the evaluated reports mention, in the role the report gives them (an LE
report's entities look for intelligence subjects, an INTEL report's for law-enforcement
anchors), and sorts what it finds into the rules:

1. `watch_proximity`: an LE report's entity within `max_hops` of a watchlisted subject
   (the subject itself at no hops), or an INTEL report naming a watchlisted subject
   within `max_hops` of LE reporting: the link is complete whichever side came last;
2. `cross_side`: a report's entity already named by the other side's reporting, unless
   it is a person whose two sides state birth years too far apart (namesakes that the
   write-time rule kept on one key: each report's readers saw only their own side; for
   the same reason an LE report naming such a watched person alerts nobody);
3. `shared_identifier`: a route through an identifier value (phone, e-mail, vehicle...)
   that the two sides now share; the nexus scoring weighs the value by its specificity
   and drops one held by too many (it is then a hub, or its specificity sinks the score).
   When the report names the value itself, the route starts at it, and the alert's score
   is the route's times the value's specificity (`scoring.specificity` of its visible
   holders), so that a line hundreds call alerts nobody either way;
4. `watch_candidate`: as `watch_proximity`, through a POSSIBLY_SAME candidate scoring at
   least `candidate_min`.

A route is sorted into the first rule it satisfies in the order 4, 1, 3, 2; a route that
satisfies none alerts nobody. Everything is read as `viewer`, so a finding depends only
on what that viewer may see; its label is the AND of the labels of its evidence, of the
triggering reports and of the other side's reports it names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from graph_service.domain import BIRTH_YEAR_SLACK, Direction
from graph_service.store import Store
from graph_service.visibility import Viewer, cnf_and
from queries.guard import check, tokens
from queries.nexus import MAX_HOPS, MAX_STARTS, Nexus, Ranked, Start, rank_nexus, realise_nexus
from queries.nodes import NodeInfo, fetch_nodes
from queries.scoring import specificity

__all__ = ["Finding", "Rule", "RuleSettings", "Trigger", "evaluate"]


class Rule(StrEnum):
    """Why an alert was raised."""

    WATCH_PROXIMITY = "watch_proximity"
    CROSS_SIDE = "cross_side"
    SHARED_IDENTIFIER = "shared_identifier"
    WATCH_CANDIDATE = "watch_candidate"


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Thresholds: the least nexus score per rule, hops searched, least candidate score."""

    min_score: Mapping[Rule, float]
    max_hops: int = 2
    candidate_min: float = 0.85


@dataclass(frozen=True, slots=True)
class Trigger:
    """A report being evaluated: its side, label and the entities it mentions."""

    id: str
    side: str
    area: str | None
    vis: tuple[str, ...]
    level: int
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """What one rule found for the viewer: its subject, the entity on the other end
    (`counterpart`, None when the subject is on both sides itself), its score, the nexus
    with its evidence, the reports that triggered it, and the label and level of the whole."""

    rule: Rule
    score: float
    subject: NodeInfo
    counterpart: str | None
    nexus: Nexus
    triggers: tuple[Trigger, ...]
    vis: tuple[str, ...]
    level: int

    @property
    def area(self) -> str | None:
        """The area of the newest triggering report that names one."""
        return next((t.area for t in reversed(self.triggers) if t.area), None)

    @property
    def side(self) -> str:
        """The side of the triggering reports."""
        return self.triggers[-1].side


def evaluate(
    store: Store,
    viewer: Viewer,
    triggers: Sequence[Trigger],
    settings: RuleSettings,
    *,
    as_of: datetime | None = None,
    timeout_s: float | None = None,
) -> list[Finding]:
    """The findings of every rule for `viewer` on the reports `triggers` (those the
    viewer may not see are left out), one per rule, subject and counterpart: the best
    scoring route."""
    if not 1 <= settings.max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be 1..{MAX_HOPS}")
    seen = [t for t in triggers if viewer.can_see(list(t.vis)) and t.side in ("LE", "INTEL")]
    when = as_of or datetime.now(UTC)
    found: list[tuple[Ranked, Rule, str, str | None, str]] = []
    by_key: dict[str, list[Trigger]] = {}
    for side in ("LE", "INTEL"):
        mine = [t for t in seen if t.side == side]
        keys = sorted({k for t in mine for k in t.keys})
        for t in mine:
            for k in t.keys:
                by_key.setdefault(f"{side}:{k}", []).append(t)
        for chunk in (keys[i:i + MAX_STARTS] for i in range(0, len(keys), MAX_STARTS)):
            nodes = fetch_nodes(store, viewer, chunk, timeout_s=timeout_s)
            starts = [Start(k, le=side == "LE", intel=side == "INTEL") for k in chunk if k in nodes]
            if not starts:
                continue
            ranked, _ = rank_nexus(
                store, viewer, starts, max_hops=settings.max_hops, as_of=when,
                skip_hub_starts=True, nodes=nodes, timeout_s=timeout_s,
            )
            for r in ranked:
                if (sorted_ := _sort(r, side, settings)) is not None:
                    found.append((r, *sorted_, side))
    # A shared value the report names itself starts its route: weigh it here.
    values = {f[2] for f in found if f[1] is Rule.SHARED_IDENTIFIER and f[0].route.keys[0] == f[2]}
    holders = fetch_nodes(store, viewer, values, holders_of=values, timeout_s=timeout_s) if values else {}
    best: dict[tuple[Rule, str, str | None], tuple[float, Ranked, str]] = {}
    for r, rule, subject, counterpart, side in found:
        score = r.route.score.value
        if subject in holders and r.route.keys[0] == subject:
            score *= specificity(holders[subject].holders or 0)
        if score < settings.min_score.get(rule, 0.0):
            continue
        kept = best.get((rule, subject, counterpart))
        if kept is None or score > kept[0]:
            best[(rule, subject, counterpart)] = (score, r, side)
    # A person whose two sides state birth years far apart is two namesakes on one key:
    # an LE report naming the person is then about the other one.
    people = {k[1] for k in best if k[0] in _NAMESAKE_PRONE and k[1].startswith("person:")}
    born = _born(store, viewer, people, timeout_s)
    for rule, subject, counterpart in [k for k in best if k[1] in born]:
        _, route, side = best[(rule, subject, counterpart)]
        if rule is Rule.CROSS_SIDE:
            apart = born[subject].apart()
        else:
            # The LE reports that raise it name the person, all under a namesake's year.
            naming = [t for t in by_key.get(f"{side}:{route.route.keys[0]}", []) if subject in t.keys]
            apart = side == "LE" and bool(naming) and all(born[subject].namesake(t.id) for t in naming)
        if apart:
            del best[(rule, subject, counterpart)]
    if not best:
        return []
    chosen = sorted(best.items(), key=lambda b: (b[0][0].value, b[0][1], b[0][2] or ""))
    realised = realise_nexus(store, viewer, [b[1][1] for b in chosen], timeout_s=timeout_s)
    others = _labels(store, viewer, {rid for n in realised for rid in n.other_reports}, timeout_s)
    findings = []
    for ((rule, subject, counterpart), (score, _, side)), nexus in zip(chosen, realised, strict=True):
        fired = tuple(sorted(
            {t.id: t for t in by_key.get(f"{side}:{nexus.start}", [])}.values(), key=lambda t: t.id
        ))
        if not fired:
            continue
        labels = [nexus.path.vis] if nexus.path.hops else []
        labels += [t.vis for t in fired] + [others[rid][0] for rid in nexus.other_reports if rid in others]
        levels = [nexus.path.level, *(t.level for t in fired)]
        levels += [others[rid][1] for rid in nexus.other_reports if rid in others]
        vis = cnf_and(*labels)
        check(viewer, vis, "alert_rules")
        node = next(n for n in nexus.path.nodes if n.key == subject)
        findings.append(Finding(rule, score, node, counterpart, nexus, fired, vis, max(levels)))
    return findings


_NAMESAKE_PRONE = (Rule.CROSS_SIDE, Rule.WATCH_PROXIMITY, Rule.WATCH_CANDIDATE)


def _sort(r: Ranked, side: str, settings: RuleSettings) -> tuple[Rule, str, str | None] | None:
    """The rule a nexus found from a `side` report satisfies, with its subject and
    counterpart; None for none."""
    nodes = r.route.nodes
    start, other = nodes[0], nodes[-1]
    if r.direction is Direction.BOTH:
        if side == "LE" and start.watched:
            return Rule.WATCH_PROXIMITY, start.key, None
        return Rule.CROSS_SIDE, start.key, None
    # A hop that only a resolution candidate makes: the route is as good as its weakest.
    candidates = [
        h.candidate for h in r.route.hops
        if h.candidate is not None and h.reports == 0 and h.relations == 0 and not h.confirmed
    ]
    if candidates and min(candidates) < settings.candidate_min:
        return None
    # The route's intelligence end and its law-enforcement end: whichever side's report
    # came last completes the link, and either way it is one alert.
    subject, anchor = (other, start) if side == "LE" else (start, other)
    if subject.watched:
        if candidates:
            return Rule.WATCH_CANDIDATE, subject.key, anchor.key
        return Rule.WATCH_PROXIMITY, subject.key, anchor.key
    shared = next((n for n in nodes[:-1] if n.identifier), None)
    if shared is not None:
        return Rule.SHARED_IDENTIFIER, shared.key, other.key
    return None


@dataclass(frozen=True, slots=True)
class _Born:
    """The birth years visible reports state for one person, by report and side."""

    le: Mapping[str, Sequence[int]]
    intel: Sequence[int]

    def namesake(self, report: str) -> bool:
        """Whether the LE `report` states years all far from every INTEL one."""
        years = self.le.get(report, ())
        return bool(years and self.intel) and all(
            abs(a - b) > BIRTH_YEAR_SLACK for a in years for b in self.intel
        )

    def apart(self) -> bool:
        """Whether every LE report stating a year is about a namesake."""
        return bool(self.le) and all(self.namesake(r) for r in self.le)


def _born(store: Store, viewer: Viewer, keys: set[str], timeout_s: float | None) -> dict[str, _Born]:
    """The birth years stated for the people among `keys` on both sides."""
    if not keys:
        return {}
    le: dict[str, dict[str, list[int]]] = {}
    intel: dict[str, list[int]] = {}
    for row in store.read("person_born_sides", {"keys": sorted(keys), "tokens": tokens(viewer)}, timeout_s):
        if row["side"] == "LE":
            le.setdefault(row["key"], {})[row["report"]] = row["years"]
        else:
            intel.setdefault(row["key"], []).extend(row["years"])
    return {key: _Born(le.get(key, {}), intel[key]) for key in intel}


def _labels(
    store: Store, viewer: Viewer, ids: set[str], timeout_s: float | None
) -> dict[str, tuple[tuple[str, ...], int]]:
    """The labels and levels of the visible reports among `ids`."""
    if not ids:
        return {}
    rows = store.read("report_labels", {"ids": sorted(ids), "tokens": tokens(viewer)}, timeout_s)
    for row in rows:
        check(viewer, row["vis"], "report_labels")
    return {row["id"]: (tuple(row["vis"]), int(row["level"])) for row in rows}

