"""The import contract: the product's layers, bottom up, read from the imports themselves.

1. domain: records, entity kinds, identifier types, keys and name normalisation, reference
   data. It imports nothing of the product above it.
2. core: settings, visibility, the store and its Cypher catalogue, principals, the audit.
3. ingest | queries: the write path and the read path, side by side; neither imports the
   other (what both need lives in the domain).
4. top: the API, the CLI, the client, and the services they run (alert evaluation,
   ingest workers).

A module may import its own layer and those below it. The product never imports `bench`
or `tests`. Every module of the product must belong to a layer, so a new package is placed
deliberately. Imports inside functions count as much as those at the top of a file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("graph_service", "ingest", "queries")
OUTSIDE = ("bench", "tests")

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("domain", ("graph_service.domain", "graph_service.reference")),
    ("core", (
        "graph_service.settings", "graph_service.visibility", "graph_service.store",
        "graph_service.auth", "graph_service.audit", "graph_service.neo4j_local",
        "graph_service.runtime",
    )),
    ("ingest", ("ingest",)),
    ("queries", ("queries",)),
    ("top", (
        "graph_service.api", "graph_service.cli", "graph_service.client", "graph_service.alerts",
        "graph_service.jobs",
    )),
]
PEERS = {"ingest": 2, "queries": 2}
"""Layers that share a rank: neither may import the other."""


def rank(layer: str) -> int:
    order = {"domain": 0, "core": 1, "top": 3}
    return PEERS.get(layer, order.get(layer, -1))


def layer_of(module: str) -> str | None:
    """The layer of a product module (the longest matching prefix), None outside them."""
    best: tuple[int, str] | None = None
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            # `graph_service.cli` also covers graph_service.cli_ingest and its siblings.
            covers = module == prefix or module.startswith((prefix + ".", prefix + "_"))
            if covers and (best is None or len(prefix) > best[0]):
                best = (len(prefix), name)
    return None if best is None else best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> Iterator[tuple[str, Path]]:
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield module_name(path), path


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every absolute import of the product or of bench/tests in `path`."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.split(".")[0] in (*PRODUCT, *OUTSIDE, "graph_service"):
                yield node.lineno, name


def violations() -> list[str]:
    found = []
    for module, path in product_modules():
        mine = layer_of(module)
        for line, target in imports(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if target.split(".")[0] in OUTSIDE:
                found.append(f"{where}: the product imports {target}")
                continue
            theirs = layer_of(target)
            if mine is None or theirs is None:
                continue  # reported by the test below
            if rank(theirs) > rank(mine) or (rank(theirs) == rank(mine) and theirs != mine):
                found.append(f"{where}: {module} ({mine}) imports {target} ({theirs})")
    return found


def test_every_product_module_has_a_layer() -> None:
    unplaced = sorted(m for m, _ in product_modules() if m != "graph_service" and layer_of(m) is None)
    assert unplaced == []


def test_no_import_runs_back_up_the_layers() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("module", "target", "allowed"),
    [
        ("queries.entities", "ingest.resolve.resolver", False),  # a peer
        ("ingest.pipeline", "queries.alerts", False),
        ("graph_service.store.driver", "queries", False),  # core below the read path
        ("graph_service.domain", "graph_service.store", False),
        ("graph_service.cli", "bench.sample", False),
        ("graph_service.api.app", "ingest.extract", True),
        ("queries.entities", "graph_service.domain.keys", True),
        ("graph_service.alerts.evaluator", "graph_service.api.schemas", True),
    ],
)
def test_the_contract_tells_a_back_arrow_from_a_forward_one(module: str, target: str, allowed: bool) -> None:
    """The checker itself: the back-arrows the layering work removed would each fail."""
    if target.split(".")[0] in OUTSIDE:
        assert not allowed
        return
    mine, theirs = layer_of(module), layer_of(target)
    assert mine is not None
    assert theirs is not None
    ok = rank(theirs) < rank(mine) or theirs == mine
    assert ok is allowed
