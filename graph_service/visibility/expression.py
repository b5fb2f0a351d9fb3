"""Apache Accumulo access expressions: parse, evaluate, and compile to CNF for Neo4j.

The grammar is `AccessExpression.abnf` from apache/accumulo-access (vendored with its test
vectors in `tests/data/accumulo-access/`): tokens joined by `&` or `|`, parentheses,
double-quoted tokens with `\\"` and `\\\\` escapes, the empty string for "public". Mixing
`&` and `|` at one level without parentheses is an error, not a precedence question.

Invariants:

- `parse` accepts exactly the language of the grammar and agrees with every published
  vector. It is iterative and bounded: more than MAX_DEPTH levels of nesting (the top
  level counts as one, each parenthesis as one more) is an AccessExpressionError, never a
  RecursionError. Node constructors enforce the same bound, so every walk over a Node
  below recurses at most MAX_DEPTH deep.
- The AST is faithful to the text: `parse(render(node)) == node` for every Node.
  `PUBLIC = And(())`, the empty conjunction, is the empty expression and only ever
  stands alone.
- For every expression `e` and token set `T`:
      evaluate(e, T) == cnf_allows(to_cnf(e), {encode_token(t) for t in T})
  and `cnf_allows` is, clause for clause, the Cypher predicate
      all(c IN x.vis WHERE any(t IN split(c, '|') WHERE t IN $tokens))
- CNF tokens never contain `|`: `encode_token` percent-encodes `%` and `|` (and nothing
  else), which is injective, so the split in Cypher recovers exactly the clause's tokens.
  The viewer side passes the same encoding (`Viewer.query_tokens`). Tokens of the marking
  scheme contain neither character, so for them the encoding is the identity.
- A CNF is canonical: clauses sorted, tokens in a clause sorted and distinct, no clause
  a superset of another. The public label is the empty tuple; a *missing* label (`null`
  in Neo4j, None here) denies.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from graph_service.visibility.errors import AccessExpressionError

__all__ = [
    "MAX_CNF_CLAUSES",
    "MAX_DEPTH",
    "PUBLIC",
    "AccessExpressionError",
    "And",
    "Node",
    "Or",
    "Token",
    "cnf_allows",
    "cnf_and",
    "encode_token",
    "evaluate",
    "parse",
    "render",
    "to_cnf",
]

MAX_DEPTH = 64
"""Deepest nesting accepted: the top level plus at most MAX_DEPTH - 1 parentheses."""

MAX_CNF_CLAUSES = 256
"""Most clauses a stored label may have; distributing `|` over `&` is exponential."""

# Bound on the work of one distribution step, before absorption shrinks it. A product this
# large that would still simplify to MAX_CNF_CLAUSES or fewer is rejected too: the label
# fails to store (closed), which is preferable to unbounded work at ingest.
_MAX_CNF_PRODUCT = 16 * MAX_CNF_CLAUSES

# The unquoted token alphabet of the grammar. Spelled out, not \w: ALPHA and DIGIT are ASCII.
_UNQUOTED = re.compile(r"[A-Za-z0-9_\-.:/]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One authorization token, unescaped (the text between quotes, escapes resolved)."""

    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"an access token must be a non-empty string, not {self.name!r}")

    @property
    def depth(self) -> int:
        """Compound levels below and including this node: a token has none."""
        return 0


@dataclass(frozen=True, slots=True)
class And:
    """Satisfied when every child is. `And(())` is PUBLIC, the empty expression."""

    children: tuple[Node, ...]
    depth: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "children", tuple(self.children))
        depth = 0 if not self.children else _compound_depth("And", self.children)
        object.__setattr__(self, "depth", depth)


@dataclass(frozen=True, slots=True)
class Or:
    """Satisfied when any child is."""

    children: tuple[Node, ...]
    depth: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "children", tuple(self.children))
        object.__setattr__(self, "depth", _compound_depth("Or", self.children))


Node: TypeAlias = Token | And | Or

PUBLIC = And(())
"""The empty expression: everyone may see it."""


def _compound_depth(kind: str, children: tuple[Node, ...]) -> int:
    """Depth of a compound node over `children`, which must be renderable and not too deep."""
    # One child would render without its operator and parse back as the child itself;
    # PUBLIC renders as "" and cannot be an operand. Both would break parse(render(n)) == n.
    if len(children) < 2:
        raise ValueError(f"{kind} needs at least two children, got {len(children)}")
    for child in children:
        if not isinstance(child, Token | And | Or):
            raise TypeError(f"{kind} children must be nodes, not {type(child).__name__}")
        if child == PUBLIC:
            raise ValueError(f"the public expression cannot be an operand of {kind}")
    depth = 1 + max(child.depth for child in children)
    if depth > MAX_DEPTH:
        raise ValueError(f"expression too deeply nested (more than {MAX_DEPTH} levels)")
    return depth


@dataclass(slots=True)
class _Group:
    """A parenthesised group being parsed, or the top level (opened_at None)."""

    opened_at: int | None
    operands: list[Node] = field(default_factory=list)
    operator: str | None = None

    def close(self) -> Node:
        if len(self.operands) == 1:
            return self.operands[0]
        return And(tuple(self.operands)) if self.operator == "&" else Or(tuple(self.operands))


def parse(expr: str) -> Node:
    """Parse an access expression into its AST; `""` gives PUBLIC.

    Raises AccessExpressionError, quoting the expression and the position of the fault,
    for anything outside the grammar and for nesting deeper than MAX_DEPTH levels.
    """
    if not isinstance(expr, str):
        raise TypeError(f"an access expression must be a str, not {type(expr).__name__}")
    if not expr:
        return PUBLIC
    enclosing: list[_Group] = []
    group = _Group(opened_at=None)
    want_operand = True
    pos, end = 0, len(expr)
    while pos < end:
        char = expr[pos]
        if want_operand:
            if char == "(":
                # Checked before descending, so the stack never exceeds the bound.
                if len(enclosing) + 1 >= MAX_DEPTH:
                    raise AccessExpressionError(
                        expr, pos, f"too deeply nested (more than {MAX_DEPTH} levels)"
                    )
                enclosing.append(group)
                group = _Group(opened_at=pos)
                pos += 1
                continue
            token, pos = _read_token(expr, pos)
            group.operands.append(token)
            want_operand = False
        elif char in "&|":
            if group.operator is None:
                group.operator = char
            elif group.operator != char:
                raise AccessExpressionError(
                    expr, pos, "cannot mix '&' and '|' without parentheses"
                )
            want_operand = True
            pos += 1
        elif char == ")":
            if not enclosing:
                raise AccessExpressionError(expr, pos, "unmatched ')'")
            closed = group.close()
            group = enclosing.pop()
            group.operands.append(closed)
            pos += 1
        else:
            raise AccessExpressionError(expr, pos, "expected '&', '|' or ')'")
    if want_operand:
        raise AccessExpressionError(expr, end, "expected an access token or '('")
    if enclosing:
        raise AccessExpressionError(expr, group.opened_at, "unclosed '('")
    return group.close()


def _read_token(expr: str, pos: int) -> tuple[Token, int]:
    """The token starting at `pos` and the position just after it."""
    if expr[pos] == '"':
        return _read_quoted(expr, pos)
    match = _UNQUOTED.match(expr, pos)
    if match is None:
        raise AccessExpressionError(expr, pos, "expected an access token or '('")
    return Token(match.group()), match.end()


def _read_quoted(expr: str, start: int) -> tuple[Token, int]:
    """The quoted token whose opening quote is at `start`, escapes resolved."""
    chars: list[str] = []
    pos = start + 1
    while pos < len(expr):
        char = expr[pos]
        if char == '"':
            if not chars:
                raise AccessExpressionError(expr, start, "empty quoted token")
            return Token("".join(chars)), pos + 1
        if char == "\\":
            if pos + 1 < len(expr) and expr[pos + 1] in '"\\':
                chars.append(expr[pos + 1])
                pos += 2
                continue
            raise AccessExpressionError(
                expr, pos, 'invalid escape: only \\" and \\\\ are allowed in a quoted token'
            )
        chars.append(char)
        pos += 1
    raise AccessExpressionError(expr, start, "unterminated quoted token")


def render(node: Node) -> str:
    """The expression text of `node`: tokens quoted only when needed, groups parenthesised."""
    if isinstance(node, Token):
        return _render_token(node.name)
    operator = "&" if isinstance(node, And) else "|"
    return operator.join(
        _render_token(child.name) if isinstance(child, Token) else f"({render(child)})"
        for child in node.children
    )


def _render_token(name: str) -> str:
    if _UNQUOTED.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def evaluate(expr: str, tokens: Collection[str]) -> bool:
    """Whether a holder of `tokens` satisfies `expr` (the empty expression is public).

    Raises AccessExpressionError if `expr` is malformed: a bad label never grants access.
    """
    _reject_str(tokens, "tokens")
    return _satisfied(parse(expr), tokens)


def _satisfied(node: Node, tokens: Collection[str]) -> bool:
    if isinstance(node, Token):
        return node.name in tokens
    if isinstance(node, And):
        return all(_satisfied(child, tokens) for child in node.children)
    return any(_satisfied(child, tokens) for child in node.children)


def encode_token(token: str) -> str:
    """`token` as it appears in a CNF clause and in `$tokens`: `%` and `|` percent-encoded.

    Both sides must use it: labels through `to_cnf`, viewers through `Viewer.query_tokens`.
    """
    # '%' first, so that an encoded '|' is never encoded again; this keeps it injective.
    return token.replace("%", "%25").replace("|", "%7C")


_Clause: TypeAlias = frozenset[str]


class _CnfOverflow(Exception):
    """Internal: the CNF grew past its bound; to_cnf reports it with the expression."""


def to_cnf(expr: str) -> tuple[str, ...]:
    """The conjunctive normal form of `expr` as stored in Neo4j: one `|`-joined clause each.

    Tokens are encoded with `encode_token`; the result is canonical (see the module
    invariants) and `()` for the public expression. Raises AccessExpressionError if `expr`
    is malformed or its CNF needs more than MAX_CNF_CLAUSES clauses.
    """
    try:
        clauses = _cnf(parse(expr))
    except _CnfOverflow:
        raise AccessExpressionError(
            expr, None, f"too complex: its CNF exceeds {MAX_CNF_CLAUSES} clauses"
        ) from None
    return _format(clauses)


def _cnf(node: Node) -> list[_Clause]:
    if isinstance(node, Token):
        return [frozenset({encode_token(node.name)})]
    if isinstance(node, And):
        return _absorb((c for child in node.children for c in _cnf(child)), MAX_CNF_CLAUSES)
    # Operands that are one clause only widen every clause of the result. Merging them in
    # one set first keeps a wide OR linear; folding them one by one copies it each time.
    wide: set[str] = set()
    factors: list[list[_Clause]] = []
    for child in node.children:
        clauses = _cnf(child)
        if len(clauses) == 1:
            wide |= clauses[0]
        else:
            factors.append(clauses)
    product = [frozenset(wide)] if wide else factors.pop()
    # (A1 & A2) | (B1 & B2) = (A1|B1) & (A1|B2) & (A2|B1) & (A2|B2): OR distributes over AND.
    for factor in factors:
        if len(product) * len(factor) > _MAX_CNF_PRODUCT:
            raise _CnfOverflow
        product = _absorb((a | b for a in product for b in factor), MAX_CNF_CLAUSES)
    return product


def _absorb(clauses: Iterable[_Clause], limit: int | None) -> list[_Clause]:
    """The minimal clauses: X & (X | Y) = X, so a clause containing another is dropped."""
    kept: list[_Clause] = []
    # Shortest first: a kept clause can then only be absorbed by one of its own size,
    # that is an equal one, which the set has already removed. So `kept` only grows.
    for clause in sorted(set(clauses), key=len):
        if not any(smaller <= clause for smaller in kept):
            kept.append(clause)
            if limit is not None and len(kept) > limit:
                raise _CnfOverflow
    return kept


def _format(clauses: Iterable[_Clause]) -> tuple[str, ...]:
    return tuple(sorted("|".join(sorted(clause)) for clause in clauses))


def cnf_allows(cnf: Sequence[str] | None, tokens: Collection[str]) -> bool:
    """The Python mirror of the Cypher visibility predicate.

    `tokens` are encoded tokens, exactly what is passed as `$tokens`. A missing label
    (None) denies, as `all(c IN null ...)` does in Cypher; the empty label allows.
    """
    if cnf is None:
        return False
    _reject_str(cnf, "cnf")
    _reject_str(tokens, "tokens")
    return all(any(token in tokens for token in clause.split("|")) for clause in cnf)


def cnf_and(first: Sequence[str], *rest: Sequence[str]) -> tuple[str, ...]:
    """The label of a fact derived from labelled sources: the AND of their CNFs, canonical.

    At least one label is required: a derived fact with no sources would otherwise come
    out public by accident. No clause cap applies: the union grows only linearly.
    """
    clauses: list[_Clause] = []
    for cnf in (first, *rest):
        _reject_str(cnf, "cnf")
        clauses.extend(frozenset(clause.split("|")) for clause in cnf)
    return _format(_absorb(clauses, None))


def _reject_str(value: object, name: str) -> None:
    # A str is a Collection[str] and a Sequence[str], but `in` on it matches substrings
    # ("S" in "lvl:TS") and iterating it yields characters: a silent access bug either way.
    if isinstance(value, str):
        raise TypeError(f"{name} must be a collection of strings, not a str")
