"""Real-world extraction benchmark: the hand-annotated corpus of `tests/data/realworld/`.

`python -m bench.realworld [--out NAME]` extracts every document of the corpus and scores
it against the entities annotated for it, per kind: a mention is right when the document
lists that (kind, surface) for it, counted per occurrence (precision), and an annotated
entity is found when extraction gives it (recall). The corpus lists every entity its
documents name, so precision here is not a lower bound as in the generated scenario.

Two counts that must be 0: mentions whose span crosses a blank line, and
mentions read out of a code (a version, date, CVE id, CVSS vector, hash) other than the
CVE id itself as a Vulnerability. Resolution is scored on the annotated groups: `same`
groups must resolve to one key, over the documents resolved alone (no graph), which is
what keys decide; candidates need the graph and are tested in tests/ingest/.

The documents are written for Nexus after the forms of US government releases (CISA
advisories, DOJ press releases, FBI FOIA case files), which are public domain; each
document names its source form in `source`. Names, numbers and products are invented.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_service.domain import Extraction, Report, Side
from ingest.extract import Extractor
from ingest.resolve import resolve

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld" / "reports.jsonl"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The annotated documents of the corpus."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def report_of(document: dict[str, Any]) -> Report:
    """A Report for one corpus document (unclassified, filed now-ish)."""
    return Report(
        id=document["id"], agency=document["agency"], side=Side.OPEN, marking="UNCLASSIFIED",
        area=document["area"], reported_at=datetime(2024, 1, 1, tzinfo=UTC), event_at=None,
        title=document["id"], text=document["text"],
    )


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def score(documents: list[dict[str, Any]], extractions: list[Extraction]) -> dict[str, Any]:
    """Per-kind precision and recall, the two must-be-zero counts and resolution groups."""
    right: Counter[str] = Counter()
    extracted: Counter[str] = Counter()
    annotated: Counter[str] = Counter()
    across_blank_lines = from_codes = 0
    keys: dict[tuple[str, str, str], set[str]] = {}
    for document, extraction in zip(documents, extractions, strict=True):
        expected = Counter((kind, surface) for kind, surface in document["entities"])
        found = Counter((m.kind.value, m.surface) for m in extraction.mentions)
        for (kind, _), n in expected.items():
            annotated[kind] += n
        for (kind, surface), n in found.items():
            extracted[kind] += n
            right[kind] += min(n, expected.get((kind, surface), 0))
        text = document["text"]
        codes = [
            (m.start(), m.end()) for code in document["codes"] for m in re.finditer(re.escape(code), text)
        ]
        for m in extraction.mentions:
            across_blank_lines += bool(_BLANK_LINE.search(m.surface))
            if m.kind.value != "Vulnerability" and any(s < m.end and m.start < e for s, e in codes):
                from_codes += 1
        for key, mention in resolve(report_of(document), extraction).mentions:
            keys.setdefault((document["id"], mention.kind.value, mention.surface), set()).add(key)
    groups = [document["same"] for document in documents if document["same"]]
    joined = 0
    for group in groups:
        resolved = [
            keys.get((doc, kind, surface), {f"missing:{doc}:{surface}"}) for doc, kind, surface in group
        ]
        joined += len(set.union(*resolved)) == 1
    kinds = sorted(set(annotated) | set(extracted))
    per_kind = {
        kind: {
            "annotated": annotated[kind], "extracted": extracted[kind],
            "precision": _ratio(right[kind], extracted[kind]), "recall": _ratio(right[kind], annotated[kind]),
        }
        for kind in kinds
    }
    hits = sum(right.values())
    return {
        "documents": len(documents),
        "pooled": {
            "precision": _ratio(hits, sum(extracted.values())),
            "recall": _ratio(hits, sum(annotated.values())),
        },
        "per_kind": per_kind,
        "spans_across_blank_lines": across_blank_lines,
        "identifiers_from_codes": from_codes,
        "same_groups_joined": f"{joined}/{len(groups)}",
    }


def run(extractor: Extractor | None = None) -> dict[str, Any]:
    """Extract and score the whole corpus."""
    documents = load()
    extractor = extractor or Extractor()
    return score(documents, list(extractor.extract_many(d["text"] for d in documents)))


def main(argv: list[str] | None = None) -> None:
    """Print the figures; with --out, also write bench/results/<out>.json and .md."""
    parser = argparse.ArgumentParser(prog="python -m bench.realworld")
    parser.add_argument("--out", help="result name under bench/results/")
    args = parser.parse_args(argv)
    figures = run()
    print(json.dumps(figures, indent=2, sort_keys=True))
    if args.out:
        from bench.__main__ import write_result

        print(write_result(args.out, {"figures": figures}))


if __name__ == "__main__":
    main()
