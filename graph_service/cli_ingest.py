"""`nexus ingest` and `nexus demo`: load reports into the graph from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_service.reference import areas
from graph_service.runtime import open_store
from graph_service.settings import Settings, get_settings
from graph_service.store import Store, migrate
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, ingest
from ingest.readers import RejectedStore, read_paths

console = Console(stderr=True)
SAMPLE = Path(__file__).resolve().parent.parent / "bench" / "sample"


def seed_areas(store: Store) -> None:
    """Write the reference list of states, territories and urban areas."""
    store.write("area_seed", {"areas": [
        {"code": a.code, "name": a.name, "kind": a.kind, "state": a.state} for a in areas()
    ]})


def run_ingest(settings: Settings, store: Store, paths: list[str]) -> IngestSummary:
    """Ingest `paths` with a progress bar; rejected records go to the rejected store."""
    rejected = RejectedStore(settings.var_dir / "rejected")
    extractor = Extractor(
        settings.spacy_model, batch_size=settings.extract_batch_size,
        n_process=settings.extract_processes,
    )
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None)
        return ingest(
            store, read_paths(paths, max_text_chars=settings.max_text_chars), extractor,
            batch_size=settings.write_batch_size, on_rejection=rejected.add,
            on_progress=lambda n: progress.advance(task, n),
        )


def print_summary(summary: IngestSummary) -> None:
    """The job's counts, then each rejection with file, line and field."""
    table = Table(title="ingest summary")
    for name in ("ingested", "unchanged", "rejected", "entities", "mentions", "relations", "candidates"):
        table.add_column(name, justify="right")
    table.add_row(*(str(getattr(summary, n)) for n in (
        "ingested", "unchanged", "rejected", "entities", "mentions", "relations", "candidates"
    )))
    console.print(table)
    for rejection in summary.rejections:
        console.print(f"[red]rejected[/red] {rejection}")


def ingest_command(paths: list[str]) -> None:
    """Ingest report files; exits 1 when any record was rejected."""
    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        seed_areas(store)
        summary = run_ingest(settings, store, paths)
    finally:
        store.close()
    print_summary(summary)
    if summary.rejected:
        raise typer.Exit(1)


def demo_command() -> None:
    """Load the sample corpus and its watchlist, create demo principals, print examples."""
    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        seed_areas(store)
        summary = run_ingest(settings, store, [str(SAMPLE / "reports.jsonl")])
    finally:
        store.close()
    print_summary(summary)
    manifest = json.loads((SAMPLE / "manifest.json").read_text())
    console.print(f"sample corpus: {manifest.get('size')} reports (seed {manifest.get('seed')})")
    console.print(f"API docs: http://{settings.api_host}:{settings.api_port}/docs")
