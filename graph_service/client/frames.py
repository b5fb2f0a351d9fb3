"""pandas tables of API answers: one row per entity, hop, report, candidate or alert.

A row holds exactly the fields of the item as the service returned it (nested objects
flattened into dotted columns, lists kept as lists), so a table never shows anything the
answer did not: what the viewer may not see was never sent, and nothing is looked up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from pydantic import BaseModel

from graph_service.api.alert_schemas import AlertPublic
from graph_service.api.schemas import HopPublic, NexusPublic, PathPublic

__all__ = [
    "ALERT_COLUMNS",
    "HOP_COLUMNS",
    "NEXUS_COLUMNS",
    "alert_rows",
    "flat",
    "hop_report_ids",
    "hop_rows",
    "hop_sides",
    "nexus_hops",
    "nexus_rows",
    "table",
]


def flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`data` with nested mappings flattened into dotted keys (`report.id`)."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, Mapping):
            out.update(flat(value, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = value
    return out


def table(items: Iterable[BaseModel]) -> pd.DataFrame:
    """One row per item, one column per (flattened) field."""
    return pd.DataFrame([flat(item.model_dump(mode="json")) for item in items])


def hop_report_ids(hop: HopPublic) -> list[str]:
    """The reports a hop's visible evidence names (co-mentions, relations, candidate)."""
    ev = hop.evidence
    ids = [c.report for c in ev.comentions] + [r.report for r in ev.relations]
    ids += ev.candidate.reports if ev.candidate else []
    return list(dict.fromkeys(ids))


def hop_sides(hop: HopPublic) -> list[str]:
    """The sides (LE, INTEL, OPEN) of the reports co-mentioning a hop's two entities."""
    return sorted({c.side for c in hop.evidence.comentions})


HOP_COLUMNS = [
    "hop", "source", "source_name", "source_kind", "target", "target_name", "target_kind", "kind",
    "strength", "reports", "same_sentence", "relations", "relation_count", "candidate_score",
    "report_ids", "sides", "snippets", "newest", "path_level", "path_vis",
]
NEXUS_COLUMNS = [
    "rank", "direction", "start", "start_name", "start_kind", "other", "other_name", "other_kind",
    "score", "hops", "path", "report_ids", "other_reports", "watch_reason", "level", "vis",
]


def hop_rows(path: PathPublic, /, **context: Any) -> list[dict[str, Any]]:
    """One row per hop of `path`: both ends, the evidence kind and strength, its counts,
    the reports behind it and their sides; `context` columns come first."""
    nodes = {node.key: node for node in path.nodes}
    rows = []
    for index, hop in enumerate(path.hops):
        ev = hop.evidence
        source, target = nodes[hop.source], nodes[hop.target]
        rows.append({
            **context, "hop": index, "source": hop.source, "source_name": source.name,
            "source_kind": source.kind, "target": hop.target, "target_name": target.name,
            "target_kind": target.kind, "kind": str(hop.kind), "strength": hop.strength,
            "reports": ev.reports, "same_sentence": ev.same_sentence,
            "relations": [r.kind for r in ev.relations], "relation_count": ev.relation_count,
            "candidate_score": ev.candidate.score if ev.candidate else None,
            "report_ids": hop_report_ids(hop), "sides": hop_sides(hop),
            "snippets": [c.snippet for c in ev.comentions if c.snippet], "newest": ev.newest,
            "path_level": path.level, "path_vis": list(path.vis),
        })
    return rows


def nexus_rows(found: Sequence[NexusPublic]) -> pd.DataFrame:
    """One row per nexus: where it starts and ends, its score and length, the reports
    behind it, and the label of the whole path."""
    rows = []
    for rank, n in enumerate(found):
        nodes = {node.key: node for node in n.path.nodes}
        start, other = nodes[n.start], nodes[n.other]
        rows.append({
            "rank": rank, "direction": str(n.direction), "start": n.start, "start_name": start.name,
            "start_kind": start.kind, "other": n.other, "other_name": other.name,
            "other_kind": other.kind, "score": n.path.score.value, "hops": len(n.path.hops),
            "path": [node.key for node in n.path.nodes],
            "report_ids": list(dict.fromkeys(r for hop in n.path.hops for r in hop_report_ids(hop))),
            "other_reports": list(n.other_reports), "watch_reason": n.watch_reason,
            "level": n.path.level, "vis": list(n.path.vis),
        })
    return pd.DataFrame(rows, columns=NEXUS_COLUMNS)


def nexus_hops(found: Sequence[NexusPublic]) -> pd.DataFrame:
    """One row per hop of every nexus, `rank` naming the nexus it belongs to."""
    rows = [row for rank, n in enumerate(found) for row in hop_rows(n.path, rank=rank)]
    return pd.DataFrame(rows, columns=["rank", *HOP_COLUMNS])


ALERT_COLUMNS = [
    "id", "rule", "state", "score", "subject", "subject_name", "subject_kind", "area", "side",
    "report_ids", "path", "level", "vis", "pointer_ref", "created_at", "updated_at",
]


def alert_rows(found: Sequence[AlertPublic]) -> pd.DataFrame:
    """One row per alert: rule, state, score, subject, area, the side and reports that
    raised it, its path's entities and label (level and markings) when it has a path, and
    the desk reference when it is a pointer."""
    rows = [{
        "id": a.id, "rule": a.rule, "state": a.state, "score": a.score, "subject": a.subject,
        "subject_name": a.subject_name, "subject_kind": a.subject_kind, "area": a.area,
        "side": a.side, "report_ids": list(a.reports),
        "path": [node.key for node in a.path.nodes] if a.path else None,
        "level": a.path.level if a.path else None, "vis": list(a.path.vis) if a.path else None,
        "pointer_ref": a.pointer.ref if a.pointer else None, "created_at": a.created_at,
        "updated_at": a.updated_at,
    } for a in found]
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)
