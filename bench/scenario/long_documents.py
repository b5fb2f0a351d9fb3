"""Long documents: a scenario's reports bound into paged case files, as real archives are.

Real reporting arrives as long documents: an OCR'd case file of dozens of pages, each
page under the same header and over the same caveat, with field blocks ("Subject:",
"Location:") and bulleted lists. The generated reports are one to three paragraphs each,
so the benchmarks never saw what such text does to extraction (names run across the
layout, boilerplate repeats on every page) or to its speed (a 20,000-character Doc).

`python -m bench.scenario.long_documents SRC DST` binds the reports of scenario SRC into
documents of 5,000-30,000 characters: consecutive reports of one side and marking
become the pages of one document (so its label is theirs), filed by the agency and for
the area of its first page, each page with a
header, a field block, the report's text, a bulleted list of routine remarks and the
agency's caveat. The truth's mentions move to the document that holds their report,
surfaces unchanged, so `bench.quality` and `bench.ingest_bench` score DST as they score
SRC. The added layout names no entity but the agency.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from random import Random
from typing import Any

SHORTEST = 5_000
LONGEST = 30_000
_REMARKS = (
    "Photographs retained in the case file", "Reviewed by the duty supervisor",
    "No further dissemination without approval", "Interview notes attached",
    "Follow-up requested within 30 days", "Source reliability not yet assessed",
)


def _caveat(agency: str) -> str:
    return (
        f"This document contains neither recommendations nor conclusions of the {agency}. It is the "
        f"property of the {agency} and is loaned to your agency; it and its contents are not to be "
        "distributed outside your agency."
    )


def _page(report: dict[str, Any], agency: str, number: int, rng: Random) -> str:
    remarks = "\n".join(f"- {remark}" for remark in rng.sample(_REMARKS, 2))
    return (
        f"{report['marking']}\n{agency} CASE FILE    Page {number}\n\n"
        f"Subject: {report['title']}\nDate: {report['reported_at'][:10]}\nReference: {report['id']}\n\n"
        f"{report['text']}\n\nRemarks:\n{remarks}\n\n{_caveat(agency)}\n{report['marking']}"
    )


def bind(reports: list[dict[str, Any]], seed: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The bound documents and, for each report id, the id of the document holding it."""
    rng = Random(seed)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for report in reports:
        groups.setdefault((report["side"], report["marking"]), []).append(report)
    documents: list[dict[str, Any]] = []
    holder: dict[str, str] = {}
    for members in groups.values():
        i = 0
        while i < len(members):
            target, size, agency = rng.randint(SHORTEST, LONGEST), 0, members[i]["agency"]
            pages: list[tuple[dict[str, Any], str]] = []
            while i < len(members) and (size < target or not pages):
                page = _page(members[i], agency, len(pages) + 1, rng)
                if pages and size + len(page) > LONGEST:
                    break
                pages.append((members[i], page))
                size += len(page) + 2
                i += 1
            first, last = pages[0][0], pages[-1][0]
            doc_id = f"DOC-{first['id']}"
            documents.append({
                **{k: first[k] for k in ("side", "marking", "area")}, "agency": agency,
                "id": doc_id, "reported_at": last["reported_at"], "event_at": None,
                "title": f"{agency} case file, {len(pages)} pages",
                "text": "\n\n".join(page for _, page in pages),
            })
            holder.update({member["id"]: doc_id for member, _ in pages})
    documents.sort(key=lambda d: d["reported_at"])
    return documents, holder


def main(argv: list[str] | None = None) -> None:
    """Write the bound scenario DST from scenario SRC."""
    parser = argparse.ArgumentParser(prog="python -m bench.scenario.long_documents")
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    with (args.src / "reports.jsonl").open(encoding="utf-8") as f:
        reports = [json.loads(line) for line in f]
    documents, holder = bind(reports, args.seed)
    (args.dst / "truth").mkdir(parents=True, exist_ok=True)
    with (args.dst / "reports.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in documents)
    with (args.src / "truth" / "entities.jsonl").open(encoding="utf-8") as f, \
            (args.dst / "truth" / "entities.jsonl").open("w", encoding="utf-8") as out:
        for line in f:
            entity = json.loads(line)
            entity["mentions"] = [{**m, "report": holder[m["report"]]} for m in entity["mentions"]]
            out.write(json.dumps(entity, ensure_ascii=False) + "\n")
    manifest = json.loads((args.src / "manifest.json").read_text())
    manifest["bound"] = {"documents": len(documents), "from_reports": len(reports),
                         "characters": sum(len(d["text"]) for d in documents)}
    (args.dst / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for name in ("watchlist.json",):
        if (args.src / name).is_file():
            shutil.copy(args.src / name, args.dst / name)
    print(json.dumps(manifest["bound"]))


if __name__ == "__main__":
    main()
