"""Command line: `python -m bench.scenario --size N --seed S --out DIR`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .generator import generate


def main(argv: list[str] | None = None) -> int:
    """Generate a scenario and print its counts (and, on stderr, how long it took)."""
    parser = argparse.ArgumentParser(prog="python -m bench.scenario", description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of reports")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        summary = generate(args.out, args.size, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - started
    report = {"out": str(summary.out_dir), "sha256": summary.reports_sha256, **summary.counts}
    print(json.dumps(report, indent=2))
    rate = summary.size / elapsed if elapsed else float("inf")
    print(f"{summary.size} reports in {elapsed:.1f}s ({rate:,.0f} reports/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
