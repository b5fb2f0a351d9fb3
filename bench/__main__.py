"""`python -m bench --size N`: generate a scenario, run the benchmarks, write results.

Results go to `bench/results/<name>.json` (figures, machine facts, versions, seed) plus
`bench/results/<name>.md`, a short table for humans.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench import alerts_bench, ingest_bench, quality, queries_bench
from bench.machine import facts
from bench.scenario import generate
from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate

RESULTS = Path(__file__).resolve().parent / "results"


def _flatten(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [row for k, v in value.items() for row in _flatten(f"{prefix}.{k}" if prefix else k, v)]
    return [(prefix, value)]


def write_result(name: str, result: dict[str, Any]) -> Path:
    """Write `<name>.json` and `<name>.md` under bench/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    rows = [f"| {k} | {v} |" for k, v in _flatten("", result["figures"])]
    (RESULTS / f"{name}.md").write_text(
        f"# {name}\n\n| figure | value |\n| --- | --- |\n" + "\n".join(rows) + "\n"
    )
    return path


def main(argv: list[str] | None = None) -> None:
    """Run every benchmark at the size given on the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--only", choices=["ingest", "quality", "queries", "alerts"], action="append")
    parser.add_argument("--naive-samples", type=int, default=queries_bench.NAIVE_SAMPLES,
                        help="inputs the naive query versions run on (slow at 100k reports)")
    args = parser.parse_args(argv)
    settings = get_settings()
    scenario = settings.var_dir / "scenarios" / f"size{args.size}-seed{args.seed}"
    if not (scenario / "manifest.json").is_file():
        generate(scenario, args.size, args.seed)
    store = open_store(settings)
    migrate(store)
    machine = facts()
    wanted = set(args.only or ["ingest", "quality", "queries"])
    try:
        if "ingest" in wanted:
            figures = ingest_bench.run(store, scenario, settings.spacy_model, settings.extract_batch_size)
            print(write_result(f"ingest-{args.size}", {
                "figures": figures, "machine": machine, "seed": args.seed, "size": args.size}))
        if "quality" in wanted:
            figures = quality.run(store, scenario)
            print(write_result(f"quality-{args.size}", {
                "figures": figures, "machine": machine, "seed": args.seed, "size": args.size}))
        if "alerts" in wanted:
            figures = alerts_bench.run(store, scenario, settings)
            print(write_result(f"alerts-{args.size}", {
                "figures": figures, "machine": machine, "seed": args.seed, "size": args.size}))
        if "queries" in wanted:
            figures = queries_bench.run(
                store, str(args.size), scenario=scenario, naive_samples=args.naive_samples
            )
            print(write_result(f"queries-{args.size}", {
                "figures": figures, "machine": machine, "seed": args.seed, "size": args.size}))
    finally:
        store.close()


if __name__ == "__main__":
    main()
