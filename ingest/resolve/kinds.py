"""Kind votes: a name keeps the kind the reports its readers may see take it for.

The small model gives one name different kinds in different reports: "Pacifica Car
Rental" an Organization in 52 reports of the generated 10k corpus and a Person in 31,
"Ralph Hale" a Person in 78 and an Organization in one. Each minority reading is an
entity of its own: the reports that use it are cut off from the others, and a company
read as a person becomes a subject of the nexus search. Before resolution, every
statistical mention of a person, organisation, place or facility is put to a vote: the
kinds under which the graph and the batch already know its name, counted in reports.
A mention changes kind when another kind has at least MIN_VOTES reports and MAJORITY
times as many as its own (this one included): a clear majority, since a wrong change
joins reports that should stay apart. A person the text gives a role ("the subject",
"a witness") or names by a surname alone stays a person, whatever the votes. Rulers'
mentions (agencies, threat groups, facility types), identifiers and what a structured
format stated are never changed: they vote.

Only reports the new report's readers may see vote (their labels are cited as
`namesakes.may_cite` allows), so a hidden report never changes what a reader is shown;
the graph's counts are its tallies per label. Cities the model takes for people are
made places before this, in extraction (`ingest.extract.places`): there the model is
wrong in most reports, and a vote would keep its error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from graph_service.domain import EntityKind, Extraction, Mention, Report
from graph_service.domain.keys import entity_key
from ingest.extract.mentions import CONFIDENCE_NER
from ingest.resolve.namesakes import Label, Run, may_cite

VOTING = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.LOCATION, EntityKind.FACILITY)
MIN_VOTES = 3
MAJORITY = 3
MAX_LABELS = 50
"""Labels read per key (each a count of reports)."""


def _keys(mention: Mention, report: Report) -> dict[EntityKind, str]:
    """The key `mention` would have under each voting kind, where that key is not its
    report's alone (a single surname, a facility written as its type)."""
    found = {}
    for kind in VOTING:
        key = entity_key(replace(mention, kind=kind, value=None, sector=None), report.id, report.area)
        if key is not None and "@" not in key:
            found[kind] = key
    return found


def _votable(mention: Mention, keys: dict[EntityKind, str]) -> bool:
    """Whether a mention is put to the vote: a statistical one, but not a person named
    by a surname alone (its key is its report's) or given a role."""
    if mention.kind not in VOTING or mention.confidence != CONFIDENCE_NER:
        return False
    return mention.kind is not EntityKind.PERSON or (mention.role is None and mention.kind in keys)


def vote_kinds(batch: Sequence[tuple[Report, Label, Extraction]], run: Run) -> list[Extraction]:
    """Each extraction of `batch` (a report, its label and its extraction) with its
    statistical mentions given the kind the votes choose; `run(query, params)` reads the
    graph."""
    labels = [label for _, label, _ in batch]
    # Which reports of the batch use each key, under the kind each gave it.
    used: dict[str, set[int]] = defaultdict(set)
    for i, (report, _, extraction) in enumerate(batch):
        for m in extraction.mentions:
            if m.kind in VOTING and (key := entity_key(m, report.id, report.area)):
                used[key].add(i)
    ballots = [
        [(j, keys) for j, m in enumerate(extraction.mentions) if _votable(m, keys := _keys(m, report))]
        for report, _, extraction in batch
    ]
    wanted = sorted({key for per in ballots for _, keys in per for key in keys.values()})
    if not wanted:
        return [extraction for _, _, extraction in batch]
    stored: dict[str, list[tuple[Label, int]]] = defaultdict(list)
    for row in run("kind_votes", {"keys": wanted, "limit": MAX_LABELS}):
        stored[str(row["key"])].append((tuple(row["vis"]), int(row["reports"])))

    def votes(i: int, key: str) -> int:
        """Reports naming `key` that readers of report i may see, report i left out."""
        graph = sum(n for vis, n in stored.get(key, ()) if may_cite(vis, labels[i]))
        return graph + sum(1 for o in used.get(key, ()) if o != i and may_cite(labels[o], labels[i]))

    out = []
    for i, (_, _, extraction) in enumerate(batch):
        mentions = list(extraction.mentions)
        for j, keys in ballots[i]:
            own = mentions[j].kind
            counts = {kind: votes(i, key) for kind, key in keys.items()}
            mine = counts.pop(own, 0) + 1
            winner = max(counts, key=lambda kind: (counts[kind], kind.value), default=None)
            if winner is not None and counts[winner] >= max(MIN_VOTES, MAJORITY * mine):
                mentions[j] = replace(mentions[j], kind=winner, role=None)
        out.append(replace(extraction, mentions=tuple(mentions)))
    return out
