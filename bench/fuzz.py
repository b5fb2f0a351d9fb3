"""Coverage-guided fuzzing (atheris, libFuzzer) of the marking and access-expression parsers.

    python -m bench.fuzz --target markings --seconds 600
    python -m bench.fuzz --target expressions --seconds 600 [--workdir var/fuzz] [-- FLAGS]

Every function of `graph_service.visibility` is instrumented for coverage. Each input is
turned into a text in one of a few ways (chosen by its first byte): arbitrary Unicode, a
string of grammar pieces in any order, a text built by the grammar, and (markings) a
banner padded to just under the length cap, so that the error paths, the deep valid
language and the bounds are all reached. Properties checked on every input:

markings     `parse_marking` returns a Marking or raises MarkingError, nothing else;
             `parse_marking(m.banner()) == m`; the expression of `m` compiles to `m.cnf()`;
             a US viewer holding exactly the marking's attributes satisfies it (by
             `evaluate` and by the stored-label test), one cleared a level lower does not.
expressions  `parse`, `to_cnf` and `evaluate` return or raise AccessExpressionError,
             nothing else; `parse(render(n)) == n`; the CNF is canonical (clauses sorted,
             tokens sorted and distinct, no clause containing another) and the same for
             the rendered text; for the empty set, the full set, singletons, all-but-one
             and random sets of the expression's tokens (plus one it does not name),
             `evaluate(e, T) == cnf_allows(to_cnf(e), encode(T))`.

Anything else that escapes (a RecursionError, a TypeError, a PropertyViolation) is a crash:
libFuzzer prints the traceback, writes the input to `<workdir>/<target>/crash-<sha1>` and
exits non-zero. A run that ends by time prints `Done N runs in S second(s)`. Inputs that
found new coverage are kept in `<workdir>/<target>/corpus`, so a later run goes on from
there. Arguments after `--` go to libFuzzer as they are; input files named there are run
once each instead of fuzzing, which replays a crash:

    python -m bench.fuzz --target markings -- var/fuzz/markings/crash-<sha1>
"""

from __future__ import annotations

import argparse
import gc
import random
import string
import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import atheris

from graph_service.visibility import (
    AccessExpressionError,
    And,
    Level,
    Marking,
    MarkingError,
    Node,
    Or,
    Token,
    Viewer,
    cnf_allows,
    encode_token,
    evaluate,
    parse,
    parse_marking,
    render,
    to_cnf,
)

MAX_LEN = 4096
"""Longest input libFuzzer makes: deep enough to pass MAX_DEPTH and the marking length cap."""

MARKING_CAP = 500
"""The longest text `parse_marking` reads (its documented bound), probed from just under."""

INPUT_TIMEOUT_S = 10
"""An input taking longer than this is a hang, reported as a crash."""

_LEVEL_WORDS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "TS", "S", "C", "U", "CUI")
_MARKING_ELEMENTS = (
    "SI", "SI-G", "TK", "HCS", "HCS-P", "KDK", "RSV", "RSV-X1", "NOFORN", "NF", "ORCON", "OC",
    "ORIGINATOR CONTROLLED", "LES", "LAW ENFORCEMENT SENSITIVE", "CUI", "FOUO", "FOR OFFICIAL USE ONLY",
    "NOT RELEASABLE TO FOREIGN NATIONALS", "CONTROLLED UNCLASSIFIED INFORMATION", "REL TO USA",
    "REL TO USA, GBR", "REL TO FVEY", "REL TO", "SCI", "XYZ",
)
_COUNTRIES = ("USA", "GBR", "AUS", "CAN", "NZL", "FVEY", "DEU", "FRA", "usa", "ZZZ", "US", "USAA")
_MARKING_PIECES = (
    *_LEVEL_WORDS, *_MARKING_ELEMENTS, *_COUNTRIES, "//", "/", ", ", ",", " ", "(", ")", "-", "\t",
)
_EXPRESSION_TOKENS = (
    "a", "b", "c", "lvl:S", "lvl:TS", "sci:SI-G", "cit:USA", "dissem:LES", "A_b-c.d:e/f",
    '"a"', '"x y"', '"a|b"', '"%7C"', '"%"', '"q\\""', '"\\\\"', '"é"', '"&"', '"("',
)
_EXPRESSION_PIECES = (*_EXPRESSION_TOKENS, "&", "|", "(", ")", '"', "\\", " ", "")
_GRAMMAR_DEPTH = 70
"""Deepest expression the grammar builds: past MAX_DEPTH, so the bound itself is fuzzed."""


class PropertyViolation(AssertionError):
    """An input broke a documented invariant of the visibility package."""


def _require(holds: bool, message: str) -> None:
    if not holds:
        raise PropertyViolation(message)


# ------------------------------------------------------------------ turning bytes into text


def _pieces(fdp: Any, vocabulary: Sequence[str]) -> str:
    """A string of vocabulary pieces in any order."""
    return "".join(
        fdp.PickValueInList(list(vocabulary)) for _ in range(fdp.ConsumeIntInRange(0, 64))
    )


def _spelled(fdp: Any, text: str) -> str:
    """`text` in lower case or padded with spaces, sometimes."""
    match fdp.ConsumeIntInRange(0, 3):
        case 0:
            return text.lower()
        case 1:
            return f" {text} "
    return text


def _countries(fdp: Any, count: int) -> list[str]:
    """`count` countries for a REL TO list, from one seed so that a long list is a short
    input: now and then a known spelling (some wrong), mostly any three letters."""
    rng = random.Random(fdp.ConsumeIntInRange(0, 2**32 - 1))
    return [
        rng.choice(_COUNTRIES) if rng.randrange(8) == 0
        else "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
        for _ in range(count)
    ]


def _banner(fdp: Any) -> str:
    """A banner built segment by segment from the grammar's words, sometimes a portion."""
    segments = [_spelled(fdp, fdp.PickValueInList(list(_LEVEL_WORDS)))]
    for _ in range(fdp.ConsumeIntInRange(0, 5)):
        elements = []
        for _ in range(fdp.ConsumeIntInRange(1, 4)):
            if fdp.ConsumeIntInRange(0, 3) == 0:
                countries = _countries(fdp, fdp.ConsumeIntInRange(1, 120))
                elements.append("REL TO " + ", ".join(countries))
            else:
                elements.append(_spelled(fdp, fdp.PickValueInList(list(_MARKING_ELEMENTS))))
        segments.append("/".join(elements))
    banner = "//".join(segments)
    return f"({banner})" if fdp.ConsumeBool() else banner


def _near_the_cap(fdp: Any) -> str:
    """A banner padded with REL TO countries to just under the length cap of a marking."""
    text = _banner(fdp) + "//REL TO USA"
    room = (MARKING_CAP - len(text)) // len(", USA")
    return ", ".join([text, *_countries(fdp, room)]) if room > 0 else text


def marking_text(fdp: Any) -> str:
    """The text of one marking case: arbitrary, pieces, a built banner, or one near the cap."""
    match fdp.ConsumeIntInRange(0, 3):
        case 0:
            return str(fdp.ConsumeUnicodeNoSurrogates(MAX_LEN))
        case 1:
            return _pieces(fdp, _MARKING_PIECES)
        case 2:
            return _banner(fdp)
    return _near_the_cap(fdp)


def _grammar_expression(fdp: Any, depth: int) -> str:
    if depth >= _GRAMMAR_DEPTH or fdp.ConsumeIntInRange(0, 2) == 0:
        return str(fdp.PickValueInList(list(_EXPRESSION_TOKENS)))
    operator = "&" if fdp.ConsumeBool() else "|"
    operands = []
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        operand = _grammar_expression(fdp, depth + 1)
        operands.append(f"({operand})" if fdp.ConsumeIntInRange(0, 3) else operand)
    return operator.join(operands)


def expression_text(fdp: Any) -> str:
    """The text of one expression case: arbitrary, pieces, or built by the grammar."""
    match fdp.ConsumeIntInRange(0, 2):
        case 0:
            return str(fdp.ConsumeUnicodeNoSurrogates(MAX_LEN))
        case 1:
            return _pieces(fdp, _EXPRESSION_PIECES)
    return _grammar_expression(fdp, 1)


# ------------------------------------------------------------------ the properties


def check_marking(text: str) -> None:
    """The marking properties of the module docstring, for one text."""
    try:
        marking = parse_marking(text)
    except MarkingError:
        return
    banner = marking.banner()
    try:
        again = parse_marking(banner)
    except MarkingError as error:
        raise PropertyViolation(f"the banner of {text!r} does not parse: {error}") from error
    _require(again == marking, f"{text!r} -> {banner!r} -> {again!r}, not {marking!r}")
    expression = marking.expression()
    cnf = marking.cnf()
    _require(to_cnf(expression) == cnf, f"the CNF of {text!r} is not that of its expression")
    holder = _holder(marking, marking.level)
    _require(evaluate(expression, holder.tokens), f"{holder} does not satisfy {text!r}")
    _require(holder.can_see(cnf), f"{holder} cannot see the stored label of {text!r}")
    if marking.level > Level.UNCLASSIFIED:
        lower = _holder(marking, Level(marking.level - 1))
        _require(not evaluate(expression, lower.tokens), f"{lower} satisfies {text!r}")
        _require(not lower.can_see(cnf), f"{lower} can see the stored label of {text!r}")


def _holder(marking: Marking, clearance: Level) -> Viewer:
    """A US viewer cleared at `clearance` holding every other attribute of `marking`."""
    return Viewer.from_attributes(
        "fuzz", clearance, marking.compartments, ["USA"], sorted(marking.dissem - {"NOFORN"})
    )


def check_expression(text: str, seed: int) -> None:
    """The expression properties of the module docstring, for one text; `seed` picks sets."""
    try:
        node = parse(text)
    except AccessExpressionError:
        return
    rendered = render(node)
    try:
        _require(parse(rendered) == node, f"{text!r} renders as {rendered!r}, which parses otherwise")
        cnf = to_cnf(text)
    except AccessExpressionError:
        return  # too complex to store: documented, and the same for the rendered text below
    _require(to_cnf(rendered) == cnf, f"{text!r} and its rendering {rendered!r} differ in CNF")
    _require_canonical(text, cnf)
    names = sorted(_token_names(node))
    for tokens in _token_sets(names, random.Random(seed)):
        expected = evaluate(text, tokens)
        stored = cnf_allows(cnf, {encode_token(t) for t in tokens})
        _require(expected == stored, f"{text!r} with {sorted(tokens)}: evaluate {expected}, CNF {stored}")


def _require_canonical(text: str, cnf: tuple[str, ...]) -> None:
    _require(list(cnf) == sorted(cnf), f"the CNF of {text!r} is not sorted: {cnf}")
    clauses = [clause.split("|") for clause in cnf]
    for clause in clauses:
        _require(clause == sorted(set(clause)), f"clause {clause} of {text!r} is not canonical")
    sets = [frozenset(clause) for clause in clauses]
    for i, clause_set in enumerate(sets):
        for j, other in enumerate(sets):
            absorbed = i != j and clause_set <= other
            _require(not absorbed, f"{text!r}: {sorted(clause_set)} absorbs {sorted(other)}")


def _token_names(node: Node) -> set[str]:
    names: set[str] = set()
    pending: list[Node] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, Token):
            names.add(current.name)
        elif isinstance(current, And | Or):
            pending.extend(current.children)
    return names


def _token_sets(names: list[str], rng: random.Random) -> list[frozenset[str]]:
    """Token sets to decide with: edges, singletons, all-but-one (few names), random."""
    everything = frozenset(names) | {"not-in-the-expression"}
    sets = [frozenset(), everything]
    if len(names) <= 8:
        sets += [frozenset({name}) for name in names]
        sets += [everything - {name} for name in names]
    sets += [frozenset(n for n in names if rng.random() < 0.5) for _ in range(4)]
    return sets


# ------------------------------------------------------------------ atheris


def marking_input(data: bytes) -> None:
    """libFuzzer's entry point for the markings target."""
    check_marking(marking_text(atheris.FuzzedDataProvider(data)))


def expression_input(data: bytes) -> None:
    """libFuzzer's entry point for the expressions target."""
    fdp = atheris.FuzzedDataProvider(data)
    seed = int(fdp.ConsumeIntInRange(0, 2**32 - 1))
    check_expression(expression_text(fdp), seed)


TARGETS: dict[str, tuple[Callable[[bytes], None], tuple[str, ...]]] = {
    "markings": (marking_input, _MARKING_PIECES),
    "expressions": (expression_input, _EXPRESSION_PIECES),
}
"""Target name -> (entry point, dictionary of pieces libFuzzer may splice in)."""


def instrument(package: str) -> int:
    """Add coverage instrumentation to every function of `package`; how many there were."""
    functions = [
        obj for obj in gc.get_objects()
        if isinstance(obj, types.FunctionType) and (obj.__module__ or "").startswith(package)
    ]
    for function in functions:
        atheris.instrument_func(function)
    return len(functions)


def _dictionary(pieces: Sequence[str]) -> str:
    """The pieces in libFuzzer's dictionary format: one quoted, escaped string per line."""
    def quoted(piece: str) -> str:
        escaped = "".join(
            f"\\x{byte:02x}" if byte < 0x20 or byte > 0x7E or chr(byte) in '"\\' else chr(byte)
            for byte in piece.encode()
        )
        return f'"{escaped}"'

    return "".join(f"{quoted(piece)}\n" for piece in pieces if piece)


def main(argv: list[str] | None = None) -> None:
    """Fuzz one target for a while; libFuzzer exits the process when it is done."""
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=sorted(TARGETS), required=True)
    parser.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default 600)")
    parser.add_argument("--workdir", type=Path, default=Path("var/fuzz"), help="corpus and crashes")
    parser.add_argument("libfuzzer", nargs="*", help="after --: flags and inputs for libFuzzer")
    args = parser.parse_args(argv)
    entry, pieces = TARGETS[args.target]
    work = args.workdir / args.target
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    dictionary = work / "dictionary.txt"
    dictionary.write_text(_dictionary(pieces))
    count = instrument("graph_service.visibility")
    print(f"fuzz: {args.target}, {count} functions instrumented, {args.seconds} s", file=sys.stderr)
    atheris.Setup(
        [
            sys.argv[0], f"-max_total_time={args.seconds}", f"-max_len={MAX_LEN}",
            f"-timeout={INPUT_TIMEOUT_S}", "-rss_limit_mb=2048", f"-dict={dictionary}",
            f"-artifact_prefix={work}/", "-print_final_stats=1", *args.libfuzzer,
            # Inputs named after -- are replayed one by one; otherwise fuzz from the corpus.
            *([] if any(not a.startswith("-") for a in args.libfuzzer) else [str(corpus)]),
        ],
        entry,
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
