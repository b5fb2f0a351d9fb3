"""Quality benchmark: Nexus against the scenario's ground truth.

Extraction: per kind, a truth mention counts as found when the report has an extracted
mention of that kind with the same surface (recall); an extracted mention counts as right
when the truth lists that surface for that report and kind (precision). The generator's
truth covers the entities it planted, not every name in filler prose, so precision here
is a lower bound.

Resolution, pairwise, pooled and per kind: over the truth mentions that were extracted, a
pair of mentions (of one kind) is predicted "same" when they resolved to the same key, and
is truly "same" when the truth puts them in one cluster. Targets: precision
>= 0.99 and recall >= 0.90. Per kind, the true pairs kept apart are told by why
(`misses`), and `recall_with_candidates` counts a true pair as found when it was merged
or when a POSSIBLY_SAME candidate puts it before an analyst: the design answers a weak
match (an initial, a nickname, a typo) with a candidate, not a merge (ARCHITECTURE.md §5).

Entity counts, per kind: the truth clusters that have at least one extracted mention
against the distinct entities those mentions resolved to. Both sides are counted over
the same extracted mentions, so the check measures resolution alone: a cluster split in
two counts one too many, two clusters merged one too few. The raw totals (every truth
cluster; every entity of the kind with a visible mention) are reported next to it but not
judged, because they mostly measure extraction: names in filler prose that the truth does
not list, and truth mentions the extractor missed.

Tolerance: a kind passes when its resolved count is within COUNT_TOLERANCE (5%) of the
truth count, or within COUNT_SLACK (2) entities for the smallest kinds. 5% because the
design keeps some clusters apart on purpose (ARCHITECTURE.md §5): a person written only
as a weak variant (an initial, a nickname, a typo, another transliteration) with nothing
else to connect it becomes a candidate, not a merge, and a surname whose report never
gave the full name stays scoped to that report. In the generated scenarios those cases
come to a few percent of the person clusters, and to none for identifiers; a count off
by more than 5% means whole groups of entities are being split or merged.

Namesakes the text cannot tell apart widen the band downwards, by exactly their number.
The generator gives unrelated people the same name on purpose, and §5 merges the same
normalised name of one kind: two people called Jorge López are told apart only by a birth
year (or age) that reports give for both. So a name's bearers count, at best, as many
people as distinct years the reports give them, and as one when no report gives any
(`separable_people`); a resolver that merges exactly those is as right as the text
allows, one that keeps them apart by other cues is right too. The lower end of the band
is therefore the separable count less 5%, the upper end the truth count plus 5%, and both
counts are reported, with the error against each.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from graph_service.domain.keys import base_key
from graph_service.store import Store

ALL_TOKENS = [
    "lvl:U", "lvl:C", "lvl:S", "lvl:TS", "sci:SI", "sci:TK", "sci:HCS", "cit:USA",
    "dissem:LES", "dissem:ORCON", "dissem:CUI", "dissem:FOUO",
]
MAX_MENTIONS = 5_000_000
COUNT_TOLERANCE = 0.05
COUNT_SLACK = 2

Key = tuple[str, str, str]  # (report, kind, surface)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def truth_mentions(scenario: Path) -> dict[Key, str]:
    """(report, kind, surface) → truth cluster, from truth/entities.jsonl."""
    found: dict[Key, str] = {}
    with (scenario / "truth" / "entities.jsonl").open(encoding="utf-8") as f:
        for line in f:
            entity = json.loads(line)
            for m in entity["mentions"]:
                found[(m["report"], entity["kind"], m["surface"])] = str(entity["cluster"])
    return found


def _pairs(groups: dict[str, list[Key]]) -> int:
    return sum(len(v) * (len(v) - 1) // 2 for v in groups.values())


def pairwise(keys: list[Key], truth: dict[Key, str], predicted: dict[Key, str]) -> dict[str, Any]:
    """Pairwise precision and recall of `predicted` against `truth` over `keys`."""
    by_truth: dict[str, list[Key]] = defaultdict(list)
    by_key: dict[str, list[Key]] = defaultdict(list)
    for k in keys:
        by_truth[truth[k]].append(k)
        by_key[predicted[k]].append(k)
    true_pairs, predicted_pairs = _pairs(by_truth), _pairs(by_key)
    cells = Counter((predicted[k], truth[k]) for k in keys)
    agree = sum(c * (c - 1) // 2 for c in cells.values())
    return {
        "mentions": len(keys), "true_pairs": true_pairs, "predicted_pairs": predicted_pairs,
        "precision": _ratio(agree, predicted_pairs), "recall": _ratio(agree, true_pairs),
    }


def miss_cause(a: str, b: str) -> str:
    """Why two keys of one truth cluster stayed apart, read from the key grammar
    (graph_service.domain.keys): `report_scoped` when one is scoped to its report (a short name
    the report tied to no full name, an identifier that failed its checksum); `same_name`
    when both carry one name told apart by a qualifier (namesakes; one place name in two
    areas); `variant` when the names normalise differently."""
    if "@" in a or "@" in b:
        return "report_scoped"
    return "same_name" if base_key(a) == base_key(b) else "variant"


def misses(
    keys: list[Key], truth: dict[Key, str], predicted: dict[Key, str], offered: set[tuple[str, str]]
) -> dict[str, Any]:
    """The true pairs over `keys` that resolved to different keys, by `miss_cause`, and
    how many of them a candidate in `offered` (key pairs, smaller key first) joins."""
    cells = Counter((truth[k], predicted[k]) for k in keys)
    by_cluster: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (cluster, key), count in cells.items():
        by_cluster[cluster].append((key, count))
    by_cause: Counter[str] = Counter()
    joined = 0
    for found in by_cluster.values():
        for (a, n), (b, m) in combinations(found, 2):
            by_cause[miss_cause(a, b)] += n * m
            joined += n * m if (min(a, b), max(a, b)) in offered else 0
    return {"pairs": sum(by_cause.values()), "by_cause": dict(sorted(by_cause.items())),
            "offered_as_candidates": joined}


def separable_people(scenario: Path, clusters: set[str]) -> int:
    """How many people the reports can tell apart among these Person clusters: the bearers
    of one name count as many as the distinct birth years reports give them, at least one."""
    years: dict[str, set[int]] = defaultdict(set)
    with (scenario / "truth" / "entities.jsonl").open(encoding="utf-8") as f:
        for line in f:
            entity = json.loads(line)
            if entity["kind"] != "Person" or entity["cluster"] not in clusters:
                continue
            stated = years[entity["canonical"]]
            if entity["attributes"]["born_stated"]:
                stated.add(entity["attributes"]["born"])
    return sum(max(1, len(stated)) for stated in years.values())


def _allowed(count: int) -> float:
    return max(COUNT_SLACK, COUNT_TOLERANCE * count)


def entity_count(truth_clusters: int, resolved: int, separable: int | None = None) -> dict[str, Any]:
    """The count check of one kind: the errors and whether the resolved count lies between
    the separable count (default: every cluster) and the truth count, each widened by the
    tolerance."""
    low = truth_clusters if separable is None else separable
    return {
        "truth_clusters": truth_clusters, "separable_clusters": low, "resolved_entities": resolved,
        "relative_error": _ratio(resolved - truth_clusters, truth_clusters),
        "relative_error_separable": _ratio(resolved - low, low),
        "pass": low - _allowed(low) <= resolved <= truth_clusters + _allowed(truth_clusters),
    }


def run(store: Store, scenario: Path, tokens: list[str] | None = None) -> dict[str, Any]:
    """Score the graph now in `store` against the truth of `scenario`."""
    truth = truth_mentions(scenario)
    rows = store.read(
        "bench_mentions", {"tokens": tokens or ALL_TOKENS, "limit": MAX_MENTIONS}, timeout_s=600
    )
    predicted: dict[Key, str] = {(r["report"], r["kind"], r["surface"]): r["key"] for r in rows}
    offered = {
        (r["a"], r["b"]) for r in store.read(
            "bench_candidates", {"tokens": tokens or ALL_TOKENS, "limit": MAX_MENTIONS}, timeout_s=600
        )
    }
    graph_keys: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        graph_keys[r["kind"]].add(r["key"])
    truth_reports = {report for report, _, _ in truth}
    kinds = sorted({kind for _, kind, _ in truth})

    extraction: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        t = {k for k in truth if k[1] == kind}
        p = {k for k in predicted if k[1] == kind and k[0] in truth_reports}
        extraction[kind] = {
            "truth": len(t), "extracted": len(p),
            "recall": _ratio(len(t & p), len(t)), "precision": _ratio(len(t & p), len(p)),
        }

    both = [k for k in truth if k in predicted]
    # Pairs never cross kinds (keys carry the kind), so the pooled figures are the sums
    # of the per-kind ones.
    resolution: dict[str, Any] = pairwise(both, truth, predicted)
    resolution["by_kind"] = {}
    counts: dict[str, Any] = {"tolerance": COUNT_TOLERANCE, "slack": COUNT_SLACK, "by_kind": {}}
    for kind in kinds:
        scored = [k for k in both if k[1] == kind]
        scores = pairwise(scored, truth, predicted)
        scores["misses"] = missed = misses(scored, truth, predicted, offered)
        found = scores["true_pairs"] - missed["pairs"] + missed["offered_as_candidates"]
        scores["recall_with_candidates"] = _ratio(found, scores["true_pairs"])
        resolution["by_kind"][kind] = scores
        clusters = {truth[k] for k in scored}
        separable = separable_people(scenario, clusters) if kind == "Person" else None
        check = entity_count(len(clusters), len({predicted[k] for k in scored}), separable)
        check["truth_total"] = len({truth[k] for k in truth if k[1] == kind})
        check["graph_total"] = len(graph_keys.get(kind, ()))
        counts["by_kind"][kind] = check
    counts["pass"] = all(c["pass"] for c in counts["by_kind"].values())
    return {"extraction": extraction, "resolution": resolution, "entity_counts": counts}
