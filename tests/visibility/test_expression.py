"""Access expressions: the Accumulo conformance vectors, CNF equivalence, bounds."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_service.visibility import (
    MAX_CNF_CLAUSES,
    MAX_DEPTH,
    PUBLIC,
    AccessExpressionError,
    And,
    Node,
    Or,
    Token,
    cnf_allows,
    cnf_and,
    encode_token,
    evaluate,
    parse,
    render,
    to_cnf,
)

VECTORS_FILE = Path(__file__).parent.parent / "data" / "accumulo-access" / "testdata.json"


def load_vectors() -> list[tuple[str, list[list[str]], str, str]]:
    """(group description, auth sets, expected result, expression) for every vector."""
    return [
        (group["description"], group["auths"], test["expectedResult"], expression)
        for group in json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
        for test in group["tests"]
        for expression in test["expressions"]
    ]


VECTORS = load_vectors()
DECIDABLE = [v for v in VECTORS if v[2] != "ERROR"]
MALFORMED = [v for v in VECTORS if v[2] == "ERROR"]


def vector_id(vector: tuple[str, list[list[str]], str, str]) -> str:
    return f"{vector[2]}:{vector[3]!r}"


def test_every_vector_is_exercised():
    # Guards against a truncated copy or a filter that silently drops vectors.
    assert Counter(v[2] for v in VECTORS) == {"ACCESSIBLE": 82, "INACCESSIBLE": 47, "ERROR": 113}
    assert len(DECIDABLE) + len(MALFORMED) == len(VECTORS) == 242


@pytest.mark.parametrize("vector", DECIDABLE, ids=vector_id)
def test_vector_evaluates(vector):
    _, auth_sets, expected, expression = vector
    # With several authorization sets, a vector is accessible only if every set can access it.
    assert all(evaluate(expression, auths) for auths in auth_sets) == (expected == "ACCESSIBLE")


@pytest.mark.parametrize("vector", DECIDABLE, ids=vector_id)
def test_vector_through_cnf(vector):
    _, auth_sets, expected, expression = vector
    cnf = to_cnf(expression)
    allowed = all(cnf_allows(cnf, {encode_token(t) for t in auths}) for auths in auth_sets)
    assert allowed == (expected == "ACCESSIBLE")


@pytest.mark.parametrize("vector", MALFORMED, ids=vector_id)
def test_vector_is_rejected(vector):
    _, auth_sets, _, expression = vector
    with pytest.raises(AccessExpressionError):
        parse(expression)
    with pytest.raises(AccessExpressionError):
        evaluate(expression, auth_sets[0])
    with pytest.raises(AccessExpressionError):
        to_cnf(expression)


def test_parse_builds_a_faithful_tree():
    assert parse("") == PUBLIC
    assert parse("a") == Token("a")
    assert parse("((a))") == Token("a")
    assert parse("a&b&c") == And((Token("a"), Token("b"), Token("c")))
    assert parse("(a|b)|c") == Or((Or((Token("a"), Token("b"))), Token("c")))
    assert parse('"x|y"&"q\\"t"&"back\\\\slash"') == And(
        (Token("x|y"), Token('q"t'), Token("back\\slash"))
    )


def test_render_quotes_only_when_needed():
    assert render(PUBLIC) == ""
    assert render(parse("a_b-c/d:e.f")) == "a_b-c/d:e.f"
    assert render(Token("五")) == '"五"'
    assert render(Token('a"b\\c')) == '"a\\"b\\\\c"'
    assert render(Or((Token("a"), And((Token("b"), Token("c")))))) == "a|(b&c)"


@pytest.mark.parametrize(
    ("expression", "position", "reason"),
    [
        ("a|b&c", 3, "cannot mix '&' and '|'"),
        ("(a", 0, "unclosed '('"),
        ("a)", 1, "unmatched ')'"),
        ("a|", 2, "expected an access token"),
        ('"\\c"', 1, "invalid escape"),
        ('"abc', 0, "unterminated quoted token"),
        ('""', 0, "empty quoted token"),
        ("a b", 1, "expected '&', '|' or ')'"),
    ],
)
def test_error_quotes_expression_and_position(expression, position, reason):
    with pytest.raises(AccessExpressionError) as caught:
        parse(expression)
    assert caught.value.position == position
    assert repr(expression) in str(caught.value)
    assert f"position {position}" in str(caught.value)
    assert reason in str(caught.value)


def test_deep_nesting_is_an_error_not_a_recursion_error():
    with pytest.raises(AccessExpressionError, match="too deeply nested"):
        parse("(" * 10000 + "a" + ")" * 10000)


def test_nesting_limit_is_exact():
    deepest = "(" * (MAX_DEPTH - 1) + "a|b" + ")" * (MAX_DEPTH - 1)
    assert evaluate(deepest, {"a"})
    with pytest.raises(AccessExpressionError, match="too deeply nested"):
        parse("(" + deepest + ")")


def test_deepest_accepted_text_fits_the_node_bound():
    # Every parenthesis opens a compound and the top level is one more: depth MAX_DEPTH.
    text = "a|b"
    for level in range(MAX_DEPTH - 1):
        text = f"t{level}{'&' if level % 2 else '|'}({text})"
    assert parse(text).depth == MAX_DEPTH
    assert evaluate(text, {"t62"})
    assert not evaluate(text, {"t61"})


def test_long_flat_expressions_are_fine():
    wide = "|".join(f"t{i}" for i in range(100_000))
    assert evaluate(wide, {"t99999"})
    assert to_cnf(wide) == ("|".join(sorted(f"t{i}" for i in range(100_000))),)


def test_cnf_blow_up_is_rejected():
    exploding = "|".join(f"(a{i}&b{i})" for i in range(9))  # 2**9 clauses
    with pytest.raises(AccessExpressionError, match="too complex"):
        to_cnf(exploding)
    assert len(to_cnf("|".join(f"(a{i}&b{i})" for i in range(8)))) == MAX_CNF_CLAUSES
    with pytest.raises(AccessExpressionError, match="too complex"):
        to_cnf("&".join(f"t{i}" for i in range(MAX_CNF_CLAUSES + 1)))


def test_cnf_is_canonical_and_simplified():
    assert to_cnf("") == ()
    assert to_cnf("b&a&a") == ("a", "b")
    assert to_cnf("(a|b)&a") == ("a",)
    assert to_cnf("(a&b)|(a&c)") == ("a", "b|c")
    assert to_cnf("lvl:S&(cit:USA|cit:GBR)") == ("cit:GBR|cit:USA", "lvl:S")


def test_tokens_with_pipe_or_percent_are_encoded_injectively():
    cnf = to_cnf('"x|y"&"50%"')
    assert cnf == ("50%25", "x%7Cy")
    assert cnf_allows(cnf, {encode_token("x|y"), encode_token("50%")})
    # The literal text of an encoded token is a different token and grants nothing.
    assert not cnf_allows(to_cnf('"x|y"'), {encode_token("x%7Cy")})
    assert not cnf_allows(cnf, {"x", "y", "50%"})


def test_missing_label_denies_and_empty_label_allows():
    assert not cnf_allows(None, {"a"})
    assert cnf_allows((), set())
    assert evaluate("", set())


def test_strings_are_not_token_sets():
    # "S" in "lvl:S" is True for a str: a substring match must never grant access.
    with pytest.raises(TypeError):
        evaluate("S", "lvl:S")
    with pytest.raises(TypeError):
        cnf_allows(("S",), "lvl:S")
    with pytest.raises(TypeError):
        cnf_allows("lvl:S", {"lvl:S"})
    with pytest.raises(TypeError):
        cnf_and("lvl:S")


def test_cnf_and_absorbs_and_needs_a_label():
    assert cnf_and(("a|b", "c"), ("a",), ("c|d",)) == ("a", "c")
    assert cnf_and(()) == ()
    with pytest.raises(TypeError):
        cnf_and()  # type: ignore[call-arg]


def test_nodes_reject_shapes_that_cannot_round_trip():
    with pytest.raises(ValueError):
        Token("")
    with pytest.raises(ValueError):
        And((Token("a"),))
    with pytest.raises(ValueError):
        Or(())
    with pytest.raises(ValueError):
        Or((PUBLIC, Token("a")))
    node: Node = Token("a")
    for level in range(MAX_DEPTH):
        node = (And if level % 2 else Or)((node, Token("b")))
    with pytest.raises(ValueError, match="too deeply nested"):
        And((node, Token("c")))


def test_error_survives_pickling():
    with pytest.raises(AccessExpressionError) as caught:
        parse("a|b&c")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.expression, copy.position, copy.reason, str(copy)) == (
        "a|b&c", 3, caught.value.reason, str(caught.value)
    )


# Tokens chosen to collide: plain, scheme-like, needing quotes, needing CNF encoding, and
# one that spells another's encoding.
TOKENS = ["a", "b", "c", "d", "lvl:S", "x|y", "x%7Cy", "50%", 'q"t', "back\\slash", "五"]
tokens = st.sampled_from(TOKENS)
token_sets = st.frozensets(tokens)


def compound(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.builds(
        lambda op, kids: op(tuple(kids)), st.sampled_from([And, Or]),
        st.lists(children, min_size=2, max_size=3),
    )


# max_leaves bounds the CNF at 3**3 clauses, far below the cap.
nodes = st.recursive(tokens.map(Token), compound, max_leaves=9)


def reference(node: Node, held: frozenset[str]) -> bool:
    """Evaluation straight from the definition, independent of the module's code."""
    if isinstance(node, Token):
        return node.name in held
    results = [reference(child, held) for child in node.children]
    return all(results) if isinstance(node, And) else any(results)


def encoded(held: frozenset[str]) -> frozenset[str]:
    return frozenset(encode_token(t) for t in held)


@given(nodes)
def test_parse_render_round_trip(node):
    assert parse(render(node)) == node


@given(nodes, token_sets)
def test_evaluate_matches_the_definition(node, held):
    assert evaluate(render(node), held) == reference(node, held)


@given(nodes, token_sets)
def test_cnf_decides_like_evaluate(node, held):
    text = render(node)
    assert cnf_allows(to_cnf(text), encoded(held)) == evaluate(text, held)


@given(nodes)
def test_cnf_is_canonical(node):
    cnf = to_cnf(render(node))
    clauses = [frozenset(clause.split("|")) for clause in cnf]
    assert list(cnf) == sorted(cnf)
    assert all(clause.split("|") == sorted(set(clause.split("|"))) for clause in cnf)
    assert not any(a < b for a in clauses for b in clauses)
    assert cnf_and(cnf) == cnf


@given(nodes, nodes, token_sets)
def test_cnf_and_is_the_conjunction(left, right, held):
    a, b = to_cnf(render(left)), to_cnf(render(right))
    held_encoded = encoded(held)
    combined = cnf_and(a, b)
    assert cnf_allows(combined, held_encoded) == (
        cnf_allows(a, held_encoded) and cnf_allows(b, held_encoded)
    )
    assert combined == cnf_and(b, a)
