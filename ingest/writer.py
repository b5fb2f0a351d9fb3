"""The graph write of a batch: one transaction, batched `UNWIND ... MERGE` queries.

A stored report's identity is its source id and its label (polyinstantiation, as watchlist
entries): a report with the id of one stored under a label its writer may not read is
another report, stored beside it, so that a writer can neither change nor detect a report
it may not read. A writer replaces only the versions of the id it may read: the one under
the same label, and those under other labels (a re-marking). Every row that points at a
report (mentions, area links, relations) names it by id and label.

Everything a batch states lands together or not at all, so a report is acknowledged only
once its mentions, relations and candidates are durable. The transaction function may be
retried by the driver, which is safe because each query is idempotent (MERGE on
constrained keys; report_put clears a replaced report's old facts first).

The write hands on what it touched (`Touched`: report ids, the entity keys after placement
among namesakes, the labels written) for the alert stage, and marks the reports awaiting
alert evaluation in the same transaction (alert_mark), so that an evaluator finds them
after a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graph_service.domain import HUB_PLACE_REPORTS, HUB_REPORTS, PLACE_KINDS
from graph_service.store import Store, Tx
from graph_service.visibility import Viewer, cnf_and
from ingest.boilerplate import edge_lines
from ingest.resolve import Candidate, ResolvedReport, candidates, may_cite, settle

BUSY: dict[str, Any] = {
    "busy": HUB_REPORTS, "busy_place": HUB_PLACE_REPORTS, "place_kinds": sorted(PLACE_KINDS),
}
"""mention_put's thresholds for the `:Busy` label (graph_service.domain.hub_reports)."""

BLOCK_MEMBER_LIMIT = 200  # members compared per block: a huge block is noise, not evidence


@dataclass(frozen=True, slots=True)
class Replaced:
    """A stored report that a batch replaced, for the audit: its id, and the label and
    content hash of the version replaced and of the new one."""

    id: str
    old_vis: tuple[str, ...]
    old_sha256: str
    vis: tuple[str, ...]
    new_sha256: str


@dataclass(frozen=True, slots=True)
class Touched:
    """What a committed batch touched: its reports, the entity keys they mention as
    settled, and the distinct labels of its reports."""

    report_ids: tuple[str, ...] = ()
    entity_keys: tuple[str, ...] = ()
    labels: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one batch wrote, and what it touched."""

    reports: int
    entities: int
    mentions: int
    relations: int
    candidates: int
    replaced: tuple[Replaced, ...] = ()
    touched: Touched = Touched()


def _report_row(rr: ResolvedReport, writer: Viewer | None = None) -> dict[str, Any]:
    r = rr.report
    return {
        # The writer's tokens (null: the operator, who may read every label).
        "writer": None if writer is None else sorted(writer.query_tokens),
        "id": r.id, "agency": r.agency, "side": r.side.value,
        "level": rr.level, "vis": list(rr.vis),
        "area": r.area, "reported_at": r.reported_at.isoformat(),
        "event_at": r.event_at.isoformat() if r.event_at else None, "title": r.title,
        "text": r.text, "sha256": r.sha256,
    }


def batch_params(batch: Sequence[ResolvedReport]) -> dict[str, list[dict[str, Any]]]:
    """The parameters of the batch's write queries."""
    entities: dict[str, dict[str, Any]] = {}
    mentions, relations, areas = [], [], []
    for rr in batch:
        for e in rr.entities:
            entities.setdefault(
                e.key, {"key": e.key, "kind": e.kind.value, "sector": e.sector, "blocks": list(e.blocks)}
            )
        born = {e.key: e.born for e in rr.entities}
        for key, m in rr.mentions:
            mentions.append({
                "report": rr.report.id, "vis": list(rr.vis), "key": key, "surface": m.surface,
                "start": m.start, "end": m.end, "sentence": m.sentence, "confidence": m.confidence,
                "role": m.role, "value": m.value, "valid": m.valid, "born": born.get(key),
            })
        for rel in rr.relations:
            relations.append({
                "source": rel.source, "target": rel.target, "kind": rel.kind, "report": rr.report.id,
                "level": rr.level, "vis": list(rr.vis), "confidence": rel.confidence,
                "sentence": rel.sentence,
            })
        if rr.report.area:
            areas.append({"report": rr.report.id, "vis": list(rr.vis), "area": rr.report.area})
    return {
        "reports": [_report_row(rr) for rr in batch], "entities": list(entities.values()),
        "mentions": mentions, "relations": relations, "areas": areas,
        "lines": [
            {"id": rr.report.id, "vis": list(rr.vis), "keys": keys}
            for rr in batch if (keys := edge_lines(rr.report))
        ],
    }


def unjudged(found: Sequence[Candidate], judged: Iterable[dict[str, Any]]) -> list[Candidate]:
    """The candidates whose pair no analyst judged under a label their readers may see:
    a judgement is respected where it is visible, and one a reader may not see never
    withholds a candidate from that reader (rows of `judgement_labels`: pair, vis)."""
    labels: dict[str, list[tuple[str, ...]]] = {}
    for row in judged:
        labels.setdefault(str(row["pair"]), []).append(tuple(row["vis"]))
    return [
        c for c in found if not any(may_cite(vis, c.vis) for vis in labels.get(f"{c.a}|{c.b}", ()))
    ]


def touched_days(
    reports: Sequence[dict[str, Any]], replaced: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The `area_day_put` rows of a batch: where and when each report was filed, and where
    and when each version it replaced was (that day loses it); `replaced` is report_put's
    rows."""
    return [
        *({"area": r["area"], "at": r["reported_at"]} for r in reports if r["area"]),
        *({"area": old["area"], "at": old["at"]} for r in replaced for old in r["replaced"] if old["area"]),
    ]


def unsupported(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidates (rows of `candidate_support`) whose label no pair of their ends'
    remaining labels gives: their supporting reports were replaced or re-marked, and
    keeping them would show their readers an entity those readers may no longer see."""
    return [
        {"a": row["a"], "b": row["b"], "vis": row["vis"]} for row in rows
        if not any(
            cnf_and(a, b) == tuple(row["vis"]) for a in row["a_labels"] for b in row["b_labels"]
        )
    ]


def write_batch(
    store: Store, batch: Sequence[ResolvedReport], writer: Viewer | None = None,
    first: Callable[[Tx], None] | None = None,
) -> WriteResult:
    """Place the batch's people among their namesakes, write it in one transaction and
    return what it wrote. `writer` is the principal the reports come from (None: the
    operator); it replaces only the stored versions of a report that it may read. `first`
    runs at the start of that transaction (a durable job records its progress there, so
    that it commits with the batch or not at all)."""

    def work(tx: Tx) -> tuple[dict[str, list[dict[str, Any]]], int, tuple[Replaced, ...]]:
        if first is not None:
            first(tx)
        # The reports first: a replaced report's old mentions are gone before settle()
        # reads the graph, so a report is never its own evidence, and a retried batch
        # (the driver re-runs the whole function) decides as the first attempt did.
        replaced = tx.run("report_put", {"reports": [_report_row(rr, writer) for rr in batch]})
        sha = {(rr.report.id, rr.vis): rr.report.sha256 for rr in batch}
        changed = tuple(
            Replaced(row["id"], tuple(old["vis"]), old["sha256"], vis, sha[(row["id"], vis)])
            for row in replaced for vis in [tuple(row["vis"])] for old in row["replaced"]
        )
        settled = settle(batch, tx.run)
        p = batch_params(settled.reports)
        tx.run("line_put", {"lines": p["lines"]})
        tx.run("entity_put", {"entities": p["entities"]})
        refresh = sorted({key for row in replaced for key in row["old"]})
        tx.run("mention_put", {"mentions": p["mentions"], "refresh": refresh, **BUSY})
        if refresh:
            support = tx.run("candidate_support", {"keys": refresh})
            tx.run("candidate_drop", {"candidates": unsupported(support)})
        tx.run("related_put", {"relations": p["relations"]})
        tx.run("area_put", {"links": p["areas"]})
        tx.run("alert_mark", {"ids": [rr.report.id for rr in batch]})
        tx.run("area_day_put", {"touched": touched_days(p["reports"], replaced)})
        found = settled.candidates
        block_keys = sorted({b for rr in settled.reports for e in rr.entities for b in e.blocks})
        if block_keys:
            members = tx.run("block_members", {"blocks": block_keys, "limit": BLOCK_MEMBER_LIMIT})
            found = found + candidates(settled.reports, members)
        pairs = sorted({f"{c.a}|{c.b}" for c in found})
        found = unjudged(found, tx.run("judgement_labels", {"pairs": pairs}))
        if not found:
            return p, 0, changed
        tx.run("candidate_put", {"candidates": [
            {"a": c.a, "b": c.b, "score": c.score, "method": c.method, "level": c.level,
             "vis": list(c.vis), "reports": list(c.reports)} for c in found
        ]})
        return p, len(found), changed

    p, n_candidates, changed = store.transaction(work)
    touched = Touched(
        tuple(r["id"] for r in p["reports"]), tuple(e["key"] for e in p["entities"]),
        tuple(sorted({tuple(r["vis"]) for r in p["reports"]})),
    )
    return WriteResult(
        len(batch), len(p["entities"]), len(p["mentions"]), len(p["relations"]), n_candidates, changed,
        touched,
    )
