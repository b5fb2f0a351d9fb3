"""Every query file is valid Cypher, documents its parameters, and is used; every query
run as a read is read-only and filters by the viewer's tokens."""

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
SOURCES = [*ROOT.glob("queries/*.py"), *ROOT.glob("graph_service/**/*.py"), *ROOT.glob("ingest/**/*.py"),
           *ROOT.glob("bench/**/*.py"), *ROOT.glob("tests/**/*.py")]
WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DETACH|FOREACH|LOAD\s+CSV)\b", re.I)
# Queries of the analyst API (this package's reads): each must filter by `$tokens`.
ANALYST_READS = {
    "alert_events", "alert_get", "alert_list", "report_labels", "area_activity", "area_alerts",
    "area_entities", "area_extent", "area_newest", "candidate_list", "entity_get",
    "entity_links", "entity_profile", "entity_search", "entity_timeline", "hop_evidence",
    "hop_summary", "neighbourhood_step", "nexus_search", "nexus_search_deep", "nexus_search_near",
    "node_info", "path_search", "path_search_groups", "picture_links", "picture_newest",
    "report_entities", "subgraph_edges", "watch_list",
}
ANALYST_WRITES = {"alert_transition", "judgement_put", "watch_delete", "watch_put"}


def read_names() -> set[str]:
    """Names of the queries some code runs with `Store.read` (or a read helper)."""
    found: set[str] = set()
    for path in ROOT.glob("queries/*.py"):
        found |= set(re.findall(r'\.read\(\s*"([a-z0-9_]+)"', path.read_text()))
    for path in [*ROOT.glob("graph_service/**/*.py"), *ROOT.glob("ingest/**/*.py")]:
        found |= set(re.findall(r'\.read\(\s*"([a-z0-9_]+)"', path.read_text()))
    return found


def code(name: str) -> str:
    """The query without its comments."""
    return "\n".join(line for line in queries.load(name).splitlines() if not line.lstrip().startswith("//"))


@pytest.fixture(scope="module")
def driver(settings: Settings, neo4j_uri: str, store: Store) -> Iterator[Driver]:
    """A driver for EXPLAIN (the store runs named queries only)."""
    d = GraphDatabase.driver(
        neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        notifications_min_severity="OFF",
    )
    yield d
    d.close()


@pytest.mark.parametrize("name", queries.names())
def test_every_query_passes_explain(driver: Driver, name: str) -> None:
    with driver.session(database="neo4j") as session:
        summary = session.run("EXPLAIN " + queries.load(name)).consume()  # type: ignore[arg-type]
    assert summary.query_type in {"r", "rw", "w", "s"}
    if name in read_names():
        assert summary.query_type == "r", f"{name} is run as a read but writes"


@pytest.mark.parametrize("name", sorted(read_names()))
def test_read_queries_contain_no_write_clause(name: str) -> None:
    assert not WRITE_CLAUSE.search(code(name)), name


@pytest.mark.parametrize("name", sorted(ANALYST_READS))
def test_analyst_reads_filter_on_the_viewer_and_document_parameters(name: str) -> None:
    text = queries.load(name)
    assert text.startswith("//")
    assert "Parameters:" in text
    assert "$tokens" in code(name)
    # Every label a filter reads must be present: a missing label denies.
    for var in re.findall(r"all\(c IN (\w+)\.vis", code(name)):
        assert f"{var}.vis IS NOT NULL" in code(name), (name, var)


def test_every_analyst_query_file_is_used() -> None:
    text = "\n".join(p.read_text() for p in SOURCES)
    mine = ANALYST_READS | ANALYST_WRITES | {n for n in queries.names() if n.startswith("naive_")}
    unused = [n for n in sorted(mine) if f'"{n}"' not in text]
    assert unused == []


def test_analyst_reads_have_bounded_lists_and_paths() -> None:
    for name in ANALYST_READS:
        text = code(name)
        for quantifier in re.findall(r"\{(\d*),(\d*)\}", text):
            assert quantifier[1], f"{name}: an unbounded quantified path"
        assert "*]" not in text, f"{name}: a variable-length pattern"
        assert "*.." not in text, f"{name}: a variable-length pattern"
    for name in ("path_search", "nexus_search", "entity_search", "entity_links", "area_entities"):
        assert "LIMIT" in code(name), name
