"""`nexus reindex`: apply the current extraction and resolution rules to stored reports."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate
from ingest.extract import Extractor
from ingest.reindex import reindex

console = Console(stderr=True, soft_wrap=True)


def reindex_command() -> None:
    """Re-extract and re-resolve every stored report, with a progress bar."""
    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        extractor = Extractor(
            settings.spacy_model, batch_size=settings.extract_batch_size, n_process=settings.extract_processes
        )
        columns = (TextColumn("reindex"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("reindex", total=None)
            summary = reindex(
                store, extractor, page_size=settings.write_batch_size,
                on_progress=lambda n: progress.advance(task, n),
            )
    finally:
        store.close()
    console.print(
        f"reindexed {summary.ingested} reports: {summary.entities} entities, {summary.mentions} mentions, "
        f"{summary.relations} relations, {summary.candidates} candidates"
    )
