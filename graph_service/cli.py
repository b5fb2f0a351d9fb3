"""The `nexus` command line."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph_service import neo4j_local
from graph_service.cli_admin import audit_app, users_app
from graph_service.cli_alerts import alerts_app, watchlist_app
from graph_service.cli_feeds import feeds_app
from graph_service.cli_jobs import jobs_app, worker_command
from graph_service.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Nexus: knowledge-graph threat correlation.")
neo4j_app = typer.Typer(no_args_is_help=True, help="Manage the project's local Neo4j.")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(alerts_app, name="alerts")
app.add_typer(watchlist_app, name="watchlist")
app.add_typer(jobs_app, name="jobs")
app.command("worker")(worker_command)
app.add_typer(feeds_app, name="feeds")
console = Console(stderr=True)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j on 127.0.0.1 and wait until it accepts logins."""
    settings = get_settings()
    if settings.neo4j_uri:
        console.print(f"NEXUS_NEO4J_URI is set ({settings.neo4j_uri}): nothing to start")
        return
    began = time.monotonic()
    try:
        state = neo4j_local.start(settings)
    except neo4j_local.Neo4jLaunchError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"Neo4j ready at {state.uri} (pid {state.pid}, {time.monotonic() - began:.1f}s)")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started by `nexus neo4j start`."""
    stopped = neo4j_local.stop(get_settings().neo4j_home)
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs; exit 1 when it does not."""
    state = neo4j_local.status(get_settings().neo4j_home)
    if state is None:
        console.print("Neo4j is not running")
        raise typer.Exit(1)
    console.print(f"Neo4j running at {state.uri} (pid {state.pid})")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default NEXUS_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default NEXUS_API_PORT).")] = None,
) -> None:
    """Serve the HTTP API (the local Neo4j must be running, or NEXUS_NEO4J_URI set)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "graph_service.api.app:create_app", factory=True,
        host=host or settings.api_host, port=port or settings.api_port,
    )


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin (JSONL).")],
    default_marking: Annotated[str | None, typer.Option(
        help="Banner for partners' objects (STIX, MISP) that carry no marking, e.g. "
             "UNCLASSIFIED; audited. Without it such objects are rejected.")] = None,
) -> None:
    """Ingest report files (JSON/JSONL, CSV, text with front matter, STIX 2.1 bundles)."""
    # Imported here so that `nexus neo4j status` does not pay for loading spaCy.
    from graph_service.cli_ingest import ingest_command

    ingest_command(paths, default_marking)


@app.command()
def reindex() -> None:
    """Apply the current extraction and resolution rules to every stored report."""
    from graph_service.cli_reindex import reindex_command

    reindex_command()


@app.command()
def demo(
    keys_file: Annotated[
        Path | None,
        typer.Option(help="Also write the service URL and demo keys here (NAME=value lines, mode 0600)."),
    ] = None,
    hold_back: Annotated[
        bool,
        typer.Option(help="Keep back the report that completes the first planted link, to ingest "
                          "while watching the alert board (the notebook wants the whole corpus)."),
    ] = True,
) -> None:
    """Load the sample corpus and print example queries."""
    from graph_service.cli_ingest import demo_command

    demo_command(keys_file, hold_back=hold_back)
