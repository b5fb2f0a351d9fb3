"""Every query file is valid Cypher, documents its parameters and is run somewhere. What a
file must guarantee follows from its own text, not from a list kept beside it, so a new
file is checked for what it is the moment it exists:

- a file with a write clause (outside comments) is a write; every other file is a read,
  and Neo4j must plan it as read-only (EXPLAIN);
- a file that takes `$tokens` serves a viewer: it filters every labelled value it reads by
  the viewer's tokens (a missing label denies), its paths are bounded and the cap it takes
  is applied;
- a read that does not take `$tokens` says "No viewer filter" in its header, and why;
- a file that only the tests or the benchmark run says "Not run by the product" in its
  header (and one the product runs does not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase

import queries
from graph_service.settings import Settings
from graph_service.store import Store

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = [*ROOT.glob("queries/*.py"), *ROOT.glob("graph_service/**/*.py"), *ROOT.glob("ingest/**/*.py")]
# This file names queries in its examples; that is no use of them.
OUTSIDE = [
    p for p in [*ROOT.glob("bench/**/*.py"), *ROOT.glob("tests/**/*.py")] if p != Path(__file__).resolve()
]
NAMES = queries.names()

WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DETACH|FOREACH|LOAD\s+CSV)\b", re.I)
# The viewer filter every read uses (graph_service.visibility), whatever its variables are
# called: group 2 is the variable whose label it checks.
VIEWER_FILTER = re.compile(
    r"all\((\w+) IN (\w+)\.vis WHERE any\((\w+) IN split\(\1, '\|'\) WHERE \3 IN \$tokens\)\)"
)
# A label read off a variable (not off a parameter map such as `$row.vis`).
LABEL_READ = re.compile(r"(?<![\w$])(\w+)\.vis\b")
# A variable bound by CREATE or MERGE carries the label the query writes, not one it reads.
WRITTEN = re.compile(r"\b(?:CREATE|MERGE)\s*\((\w+)", re.I)
QUANTIFIER = re.compile(r"\{(\d*),(\d*)\}")
VARIABLE_LENGTH = re.compile(r"\*\s*(\d*)\s*(\.\.)?\s*(\d*)\s*\]")
PATH_REPEATED = re.compile(r"\)\s*[+*]\s*\(")
# Parameters that cap how many rows (or list items) a query gives back.
CAPS = ("limit", "cap", "n")
NO_FILTER = "no viewer filter"
NOT_RUN = "not run by the product"


def code(text: str) -> str:
    """The query without its comments."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def header(text: str) -> str:
    """The opening comment as one line of prose (a phrase may wrap), in lower case."""
    lines = []
    for line in text.splitlines():
        if not line.lstrip().startswith("//"):
            break
        lines.append(line.lstrip()[2:].strip())
    return " ".join(lines).lower()


def writes(text: str) -> bool:
    """Whether the query has a write clause."""
    return bool(WRITE_CLAUSE.search(code(text)))


def serves_a_viewer(text: str) -> bool:
    """Whether the query takes the viewer's tokens: what it returns is shown to a viewer."""
    return "$tokens" in code(text)


def viewer_problems(text: str) -> list[str]:
    """Why a query serving a viewer could show them what they may not see, or run unbounded
    (none when it is sound)."""
    body = code(text)
    filtered = {match.group(2) for match in VIEWER_FILTER.finditer(body)}
    problems = [] if filtered else ["no viewer filter"]
    for var in sorted(set(LABEL_READ.findall(body)) - set(WRITTEN.findall(body))):
        if var not in filtered:
            problems.append(f"{var}.vis is read without the viewer filter")
        elif f"{var}.vis IS NOT NULL" not in body:
            problems.append(f"{var}: a missing label must deny ({var}.vis IS NOT NULL)")
    if any(not high for _, high in QUANTIFIER.findall(body)) or PATH_REPEATED.search(body):
        problems.append("an unbounded quantified path")
    lengths = VARIABLE_LENGTH.findall(body)
    if any(not (low or dots or high) or (dots and not high) for low, dots, high in lengths):
        problems.append("an unbounded variable-length pattern")
    for cap in CAPS:
        applied = rf"LIMIT\s[^\n]*\${cap}\b|\[[^\[\]]*\.\.[^\[\]]*\${cap}\b[^\[\]]*\]"
        if re.search(rf"\${cap}\b", body) and not re.search(applied, body):
            problems.append(f"${cap} is taken but caps nothing")
    return problems


def read_names() -> set[str]:
    """Names of the queries product code runs with `Store.read` under a literal name (the
    files run under a computed name are read-only by `writes` and EXPLAIN all the same)."""
    found: set[str] = set()
    for path in PRODUCT:
        found |= set(re.findall(r'\.read\(\s*"([a-z0-9_]+)"', path.read_text()))
    return found


@pytest.fixture(scope="module")
def driver(settings: Settings, neo4j_uri: str, store: Store) -> Iterator[Driver]:
    """A driver for EXPLAIN (the store runs named queries only)."""
    d = GraphDatabase.driver(
        neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        notifications_min_severity="OFF",
    )
    yield d
    d.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_query_passes_explain_and_every_read_is_read_only(driver: Driver, name: str) -> None:
    with driver.session(database="neo4j") as session:
        summary = session.run("EXPLAIN " + queries.load(name)).consume()  # type: ignore[arg-type]
    assert summary.query_type in {"r", "rw", "w", "s"}
    if writes(queries.load(name)):
        assert summary.query_type != "r", f"{name} has a write clause Neo4j plans as none"
    else:
        assert summary.query_type == "r", f"{name} has no write clause but writes"
    if name in read_names():
        assert summary.query_type == "r", f"{name} is run as a read but writes"


@pytest.mark.parametrize("name", sorted(read_names()))
def test_queries_run_as_reads_contain_no_write_clause(name: str) -> None:
    assert not writes(queries.load(name)), name


@pytest.mark.parametrize("name", NAMES)
def test_every_query_documents_its_parameters(name: str) -> None:
    text = queries.load(name)
    assert text.startswith("//")
    assert "Parameters:" in text


@pytest.mark.parametrize("name", [n for n in NAMES if serves_a_viewer(queries.load(n))])
def test_queries_serving_a_viewer_filter_every_label_and_are_bounded(name: str) -> None:
    assert viewer_problems(queries.load(name)) == []
    assert NO_FILTER not in header(queries.load(name))


@pytest.mark.parametrize("name", [n for n in NAMES if not writes(queries.load(n))])
def test_reads_without_the_viewer_filter_say_why(name: str) -> None:
    text = queries.load(name)
    if not serves_a_viewer(text):
        assert NO_FILTER in header(text), f"{name} reads without $tokens: say why in its header"


def test_every_query_file_is_run_and_says_so_if_not_by_the_product() -> None:
    product = "\n".join(p.read_text() for p in PRODUCT)
    outside = "\n".join(p.read_text() for p in OUTSIDE)
    assert [n for n in NAMES if f'"{n}"' not in product + outside] == [], "unused query files"
    for name in NAMES:
        run = f'"{name}"' in product
        assert (NOT_RUN in header(queries.load(name))) != run, name


# The classification on texts of its own: a query that takes `$tokens` is held to the
# viewer's rules whatever its name, and only its comments are set aside.

FILTERED = """// A report, for a viewer. Parameters: $id, $tokens, $limit.
MATCH (r:Report {id: $id})
WHERE r.vis IS NOT NULL AND all(c IN r.vis WHERE any(t IN split(c, '|') WHERE t IN $tokens))
RETURN r.text AS text, r.vis AS vis
LIMIT $limit
"""


def test_a_query_taking_tokens_without_the_filter_is_a_viewer_read_and_fails() -> None:
    text = "// Parameters: $id, $tokens.\nMATCH (r:Report {id: $id})\nWHERE size($tokens) > 0\nRETURN r.vis\n"
    assert serves_a_viewer(text)
    assert not writes(text)
    assert viewer_problems(text) == ["no viewer filter", "r.vis is read without the viewer filter"]


def test_a_filtered_bounded_query_passes_and_each_weakening_fails() -> None:
    assert serves_a_viewer(FILTERED)
    assert viewer_problems(FILTERED) == []
    assert viewer_problems(FILTERED.replace("r.vis IS NOT NULL AND ", "")) == [
        "r: a missing label must deny (r.vis IS NOT NULL)"
    ]
    uncapped = FILTERED.replace("LIMIT $limit", "SKIP $limit")
    assert viewer_problems(uncapped) == ["$limit is taken but caps nothing"]
    returned = "RETURN r.text AS text, r.vis AS vis\nLIMIT $limit"
    sliced = "WITH collect(r {.text, .vis}) AS rows\nRETURN rows[..$limit] AS page"
    assert viewer_problems(FILTERED.replace(returned, sliced)) == []
    other = FILTERED.replace("RETURN r.text", "MATCH (r)-[x:RELATED]-()\nRETURN x.vis AS other, r.text")
    assert viewer_problems(other) == ["x.vis is read without the viewer filter"]
    for path in ("[:MENTIONS*]", "[:MENTIONS*2..]", "[:MENTIONS*..]"):
        unbounded = FILTERED.replace("MATCH (r:Report {id: $id})", f"MATCH (r:Report {{id: $id}})-{path}-()")
        assert viewer_problems(unbounded) == ["an unbounded variable-length pattern"], path
    for path in ("[:MENTIONS*2..4]", "[:MENTIONS*..3]", "[:MENTIONS*2]"):
        assert viewer_problems(FILTERED.replace("{id: $id})", f"{{id: $id}})-{path}-()")) == [], path
    for quantified in ("((r)--()){1,}", "((r)--())+ ()"):
        assert viewer_problems(FILTERED.replace("MATCH (r:Report {id: $id})", f"MATCH {quantified}")) == [
            "an unbounded quantified path"
        ], quantified


def test_writes_are_told_by_their_code_not_their_comments() -> None:
    assert not writes("// CREATE nothing, SET nothing. Parameters: none.\nMATCH (n) RETURN count(n) AS n\n")
    assert writes("// Parameters: $id.\nMATCH (n {id: $id})\nSET n.seen = true\n")
    assert not serves_a_viewer("// Not for $tokens. Parameters: none.\nMATCH (n) RETURN count(n) AS n\n")


def test_header_phrases_may_wrap() -> None:
    assert NO_FILTER in header("// A principal's jobs. No viewer\n// filter: its own.\nMATCH (j) RETURN j\n")
    assert NO_FILTER not in header("// Jobs.\nMATCH (j) RETURN j // no viewer filter\n")
