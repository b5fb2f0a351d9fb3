"""The filter is the evaluator: the Cypher predicate over stored CNF labels agrees with the
Python access-expression evaluator on every Accumulo vector and on random pairs."""

from __future__ import annotations

import json
import random
from pathlib import Path

from graph_service.store import Store
from graph_service.visibility import encode_token, evaluate, to_cnf

VECTORS = Path(__file__).resolve().parent.parent / "data" / "accumulo-access" / "testdata.json"
TOKENS = ["a", "b", "c", "d", "lvl:S", "cit:USA", "x|y", "x%7Cy"]


def cypher_allows(store: Store, cases: list[dict[str, object]]) -> dict[int, bool]:
    rows = store.read("visibility_check", {"cases": cases})
    return {int(r["id"]): bool(r["allowed"]) for r in rows}


def vector_cases() -> list[tuple[str, list[str], bool]]:
    cases = []
    for group in json.loads(VECTORS.read_text()):
        for test in group["tests"]:
            if test["expectedResult"] == "ERROR":
                continue
            for expr in test["expressions"]:
                for auths in group["auths"]:
                    cases.append((expr, auths, evaluate(expr, auths)))
    return cases


def test_cypher_agrees_with_the_evaluator_on_every_accumulo_vector(store: Store) -> None:
    cases = vector_cases()
    assert len({c[0] for c in cases}) >= 100
    params = [
        {"id": i, "vis": list(to_cnf(expr)), "tokens": [encode_token(t) for t in auths]}
        for i, (expr, auths, _) in enumerate(cases)
    ]
    allowed = cypher_allows(store, params)
    mismatches = [cases[i] for i in range(len(cases)) if allowed[i] != cases[i][2]]
    assert mismatches == []


def random_expression(rng: random.Random, depth: int = 0) -> str:
    if depth >= 3 or rng.random() < 0.4:
        token = rng.choice(TOKENS)
        return f'"{token}"' if "|" in token or "%" in token else token
    op = rng.choice("&|")
    parts = [random_expression(rng, depth + 1) for _ in range(rng.randint(2, 3))]
    return "(" + op.join(parts) + ")"


def test_cypher_agrees_with_the_evaluator_on_10000_random_pairs(store: Store) -> None:
    rng = random.Random(20261125)
    cases = []
    for _ in range(10_000):
        expr = random_expression(rng)
        tokens = [t for t in TOKENS if rng.random() < 0.5]
        cases.append((expr, tokens, evaluate(expr, tokens)))
    params = [
        {"id": i, "vis": list(to_cnf(e)), "tokens": [encode_token(t) for t in toks]}
        for i, (e, toks, _) in enumerate(cases)
    ]
    allowed = cypher_allows(store, params)
    assert sum(allowed[i] != cases[i][2] for i in range(len(cases))) == 0


def test_a_missing_label_is_denied(store: Store) -> None:
    assert cypher_allows(store, [{"id": 0, "vis": None, "tokens": ["a"]}]) == {0: False}
