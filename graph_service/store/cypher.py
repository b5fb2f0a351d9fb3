"""The Cypher catalogue: one `.cypher` file per query in the `queries/` directory, loaded
by name, and the schema migrations in `queries/migrations/`.

The files sit beside the `queries` modules that run them (a reader finds a query next to
its caller), but the store below those modules is what reads them: it runs every query by
name, so every query the product runs goes through `load`. Each file opens with `//`
comments naming its parameters. Queries are never assembled from strings at run time;
callers pass values as parameters only.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString

# graph_service/store/cypher.py -> the project (or site-packages) root -> queries/
DIRECTORY = Path(__file__).resolve().parents[2] / "queries"


@cache
def load(name: str) -> LiteralString:
    """The text of `queries/<name>.cypher` (cached)."""
    path = DIRECTORY / f"{name}.cypher"
    if not path.is_file() or path.parent != DIRECTORY:
        raise KeyError(f"no query named {name!r}")
    # The files are part of the package, not user input: that is what LiteralString promises
    # (mypy treats LiteralString as str, so no cast is needed or allowed).
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Names of all query files (for tests that check every query is used and valid)."""
    return sorted(p.stem for p in DIRECTORY.glob("*.cypher"))


def migrations() -> list[tuple[int, str, list[LiteralString]]]:
    """Migrations as (version, name, statements), in version order."""
    found = []
    for path in sorted((DIRECTORY / "migrations").glob("*.cypher")):
        version = int(path.stem.split("_", 1)[0])
        lines = [
            line for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("//")
        ]
        statements = [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
        found.append((version, path.stem, list(statements)))
    return found
