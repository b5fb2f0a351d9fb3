"""Quality benchmark: Nexus against the scenario's ground truth.

Extraction: per kind, a truth mention counts as found when the report has an extracted
mention of that kind with the same surface (recall); an extracted mention counts as right
when the truth lists that surface for that report and kind (precision). The generator's
truth covers the entities it planted, not every name in filler prose, so precision here
is a lower bound.

Resolution, pairwise: over the truth mentions that were extracted, a pair of mentions is
predicted "same" when they resolved to the same key, and is truly "same" when the truth
puts them in one cluster.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from graph_service.store import Store

ALL_TOKENS = [
    "lvl:U", "lvl:C", "lvl:S", "lvl:TS", "sci:SI", "sci:TK", "sci:HCS", "cit:USA",
    "dissem:LES", "dissem:ORCON", "dissem:CUI", "dissem:FOUO",
]
MAX_MENTIONS = 5_000_000


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def truth_mentions(scenario: Path) -> dict[tuple[str, str, str], str]:
    """(report, kind, surface) → truth cluster, from truth/entities.jsonl."""
    found: dict[tuple[str, str, str], str] = {}
    with (scenario / "truth" / "entities.jsonl").open(encoding="utf-8") as f:
        for line in f:
            entity = json.loads(line)
            for m in entity["mentions"]:
                found[(m["report"], entity["kind"], m["surface"])] = str(entity["cluster"])
    return found


def run(store: Store, scenario: Path, tokens: list[str] | None = None) -> dict[str, Any]:
    """Score the graph now in `store` against the truth of `scenario`."""
    truth = truth_mentions(scenario)
    rows = store.read(
        "bench_mentions", {"tokens": tokens or ALL_TOKENS, "limit": MAX_MENTIONS}, timeout_s=600
    )
    predicted: dict[tuple[str, str, str], str] = {
        (r["report"], r["kind"], r["surface"]): r["key"] for r in rows
    }
    truth_reports = {report for report, _, _ in truth}
    extraction: dict[str, dict[str, Any]] = {}
    kinds = sorted({kind for _, kind, _ in truth})
    for kind in kinds:
        t = {k for k in truth if k[1] == kind}
        p = {k for k in predicted if k[1] == kind and k[0] in truth_reports}
        extraction[kind] = {
            "truth": len(t), "extracted": len(p),
            "recall": _ratio(len(t & p), len(t)), "precision": _ratio(len(t & p), len(p)),
        }

    both = [k for k in truth if k in predicted]
    by_truth: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    by_key: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for k in both:
        by_truth[truth[k]].append(k)
        by_key[predicted[k]].append(k)
    true_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_truth.values())
    predicted_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_key.values())
    cells = Counter((predicted[k], truth[k]) for k in both)
    agree = sum(c * (c - 1) // 2 for c in cells.values())
    kinds_found = Counter(k[1] for k in both)
    return {
        "extraction": extraction,
        "resolution": {
            "mentions_scored": len(both), "by_kind": dict(kinds_found),
            "true_pairs": true_pairs, "predicted_pairs": predicted_pairs,
            "precision": _ratio(agree, predicted_pairs), "recall": _ratio(agree, true_pairs),
        },
    }
