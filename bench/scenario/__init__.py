"""Seeded, deterministic synthetic scenarios for benchmarking Nexus end to end.

`generate(out_dir, size, seed)` (or `python -m bench.scenario --size N --seed S --out DIR`)
writes, in constant memory:

    reports.jsonl           one report per line: id, agency, side, marking, area,
                            reported_at, event_at, title, text (100-600 words); file
                            order is ingest order and reported_at never decreases
    watchlist.json          intelligence subjects of interest: cluster, name, kind, reason
    manifest.json           size, seed, generator version, counts, sha256 of every file
    truth/entities.jsonl    one line per real entity: cluster, kind, canonical,
                            normalised, identifiers, role, generic, attributes (for a
                            person: born, nationality, home, and born_stated, whether
                            any report gives the birth year or age) and
                            mentions [{report, surface}] (each surface occurs verbatim)
    truth/links.jsonl       planted nexus chains: le_report, intel_report, le_entity,
                            intel_subject, hops, path, via (per hop), steps (per hop:
                            from, to, via, relation, identifier, reports), reports,
                            marking (one per report), completed_by, decoy=false
    truth/decoys.jsonl      look-alike paths that are not a nexus (same name, big city,
                            busy venue, busy business line), decoy=true
    truth/alerts.jsonl      alerts that must fire: subject, link, and the report whose
                            ingest completes the link

The same (size, seed) gives byte-identical output.
"""

from .generator import GENERATOR_VERSION, ScenarioSummary, generate

__all__ = ["GENERATOR_VERSION", "ScenarioSummary", "generate"]
