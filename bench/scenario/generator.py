"""`generate()`: the whole scenario, top to bottom.

build the world -> plant chains and decoys at random positions -> build background
pools -> for each position: plan (planted or background), decorate, time, compose,
write the report and the truth of entities local to it -> write the truth of world
entities, links, decoys, alerts, the watchlist and the manifest.

Determinism: every random choice comes from two `random.Random` streams seeded from
the seed (one for the world, one for the report stream); nothing iterates a set or
reads the clock. The same (size, seed) therefore gives byte-identical files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from graph_service.domain import Side

from .background import Background
from .entities import Entity, report_id
from .plans import ReportPlan
from .planted import plant
from .prose import Composer
from .world import World
from .writer import JsonLines, write_json, write_jsonl

GENERATOR_VERSION = "1.2.0"
MIN_SIZE = 50
# Reports are filed between these instants, in corpus order (ingest order = time order).
BASE_TIME = datetime(2026, 1, 5, tzinfo=UTC)
SPAN_MINUTES = 176 * 24 * 60


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    """What `generate` wrote: where, from which inputs, how much, and the corpus hash."""

    out_dir: Path
    size: int
    seed: int
    version: str
    counts: dict[str, Any]
    reports_sha256: str


def generate(out_dir: Path, size: int, seed: int) -> ScenarioSummary:
    """Write a scenario of `size` reports generated from `seed` into `out_dir`."""
    if size < MIN_SIZE:
        raise ValueError(f"size must be at least {MIN_SIZE}, got {size}")
    world = World(seed)
    planted = plant(world, size)
    world.build_pools(size)
    background = Background(world, size)
    composer = Composer(world)
    rng = Random(f"nexus-scenario/{seed}/stream")

    by_side: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_marking: Counter[str] = Counter()
    by_entity_kind: Counter[str] = Counter()
    words = mentions = 0
    truth_dir = out_dir / "truth"
    with (
        JsonLines(out_dir / "reports.jsonl") as reports,
        JsonLines(truth_dir / "entities.jsonl") as entities,
    ):
        for index in range(size):
            plan = planted.plans.pop(index, None) or background.plan(rng)
            background.decorate(plan, rng)
            reported_at, event_at = _times(index, size, plan, rng)
            written = composer.write(plan, event_at, rng)
            reports.write(
                {
                    "id": report_id(seed, index),
                    "agency": plan.agency.name,
                    "side": plan.side.value,
                    "marking": plan.marking,
                    "area": plan.area.code,
                    "reported_at": _iso(reported_at),
                    "event_at": _iso(event_at) if event_at else None,
                    "title": written.title,
                    "text": written.text,
                }
            )
            local: dict[str, Entity] = {}
            for entity, surface in written.mentions:
                entity.record(index, surface)
                if entity.local:
                    local[entity.cluster] = entity
            for entity in written.born_stated:
                entity.born_stated = True
            for entity in local.values():
                entities.write(entity.truth(seed))
                by_entity_kind[entity.kind.value] += 1
            by_side[plan.side.value] += 1
            by_kind[plan.kind.value] += 1
            by_marking[plan.marking] += 1
            words += len(written.text.split())
            mentions += len(written.mentions)
        for entity in world.entities:
            if entity.mentioned:
                entities.write(entity.truth(seed))
                by_entity_kind[entity.kind.value] += 1

    files = {
        "reports.jsonl": reports.sha256,
        "truth/entities.jsonl": entities.sha256,
        "truth/links.jsonl": write_jsonl(truth_dir / "links.jsonl", planted.links),
        "truth/decoys.jsonl": write_jsonl(truth_dir / "decoys.jsonl", planted.decoys),
        "truth/alerts.jsonl": write_jsonl(truth_dir / "alerts.jsonl", planted.alerts),
        "watchlist.json": write_json(out_dir / "watchlist.json", planted.watchlist),
    }
    counts: dict[str, Any] = {
        "reports": size,
        "reports_by_side": _sorted(by_side),
        "reports_by_kind": _sorted(by_kind),
        "reports_by_marking": _sorted(by_marking),
        "entities": entities.count,
        "entities_by_kind": _sorted(by_entity_kind),
        "mentions": mentions,
        "words": words,
        "links": len(planted.links),
        "links_by_hops": _sorted(Counter(str(link["hops"]) for link in planted.links)),
        "hops_by_via": _sorted(Counter(v for link in planted.links for v in link["via"])),
        "decoys": len(planted.decoys),
        "decoys_by_kind": _sorted(Counter(d["kind"] for d in planted.decoys)),
        "alerts": len(planted.alerts),
        "watchlist": len(planted.watchlist),
    }
    write_json(
        out_dir / "manifest.json",
        {
            "generator": "bench.scenario",
            "version": GENERATOR_VERSION,
            "size": size,
            "seed": seed,
            "reported_between": [_iso(BASE_TIME), _iso(BASE_TIME + timedelta(minutes=SPAN_MINUTES))],
            "counts": counts,
            "reports_sha256": reports.sha256,
            "sha256": files,
        },
    )
    return ScenarioSummary(
        out_dir=out_dir,
        size=size,
        seed=seed,
        version=GENERATOR_VERSION,
        counts=counts,
        reports_sha256=reports.sha256,
    )


def _times(index: int, size: int, plan: ReportPlan, rng: Random) -> tuple[datetime, datetime | None]:
    # Each position owns a slice of the span, so reported_at never decreases with position.
    lo = index * SPAN_MINUTES // size
    hi = (index + 1) * SPAN_MINUTES // size
    reported = BASE_TIME + timedelta(minutes=lo + rng.randrange(max(1, hi - lo)))
    if plan.side is Side.INTEL:
        if rng.random() < 0.35:
            return reported, None  # threat streams and profiles often carry no event time
        return reported, reported - timedelta(minutes=rng.randrange(60, 30 * 24 * 60))
    return reported, reported - timedelta(minutes=rng.randrange(20, 4 * 24 * 60))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items()))
