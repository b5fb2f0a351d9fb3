"""`nexus feeds add|list|poll|remove`: partners' TAXII 2.1 collections.

The ingest modules are imported inside the commands, so that registering these commands
costs `nexus neo4j status` nothing (spaCy loads in seconds).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate

feeds_app = typer.Typer(no_args_is_help=True, help="Partners' TAXII 2.1 feeds.")
console = Console(stderr=True, soft_wrap=True)


@feeds_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the feed.")],
    url: Annotated[str, typer.Argument(help="The TAXII 2.1 collection URL.")],
    user: Annotated[str | None, typer.Option(help="HTTP Basic user.")] = None,
    password_env: Annotated[str | None, typer.Option(
        help="Environment variable holding the password (never stored).")] = None,
    default_marking: Annotated[str | None, typer.Option(
        help="Banner for the feed's objects that carry no marking; without it they are "
             "rejected.")] = None,
    interval: Annotated[int, typer.Option(help="Seconds between polls.", min=10)] = 300,
    per_page: Annotated[int, typer.Option(help="Objects asked for per page.", min=1)] = 500,
    max_objects: Annotated[int, typer.Option(help="Objects read per poll.", min=1)] = 10_000,
) -> None:
    """Add a feed, or change one (it keeps where it stopped)."""
    from graph_service.cli_ingest import check_default_marking
    from ingest.taxii import Feed, add_feed

    banner = check_default_marking(default_marking)
    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        add_feed(store, Feed(name, url, user, password_env, banner, interval, per_page,
                             max_objects))
    finally:
        store.close()
    console.print(f"feed {name} polls {url} every {interval}s")


@feeds_app.command("list")
def list_() -> None:
    """The feeds, with where each stopped."""
    from ingest.taxii import list_feeds

    store = open_store(get_settings())
    try:
        migrate(store)
        feeds = list_feeds(store)
    finally:
        store.close()
    table = Table(title="feeds")
    for column in ("name", "url", "default marking", "every", "added after", "polled at"):
        table.add_column(column)
    for feed in feeds:
        table.add_row(feed.name, feed.url, feed.default_marking or "(none)",
                      f"{feed.interval_s}s", feed.added_after or "-",
                      feed.polled_at.isoformat() if feed.polled_at else "never")
    console.print(table)


@feeds_app.command("poll")
def poll_(name: Annotated[str, typer.Argument(help="The feed to poll now.")]) -> None:
    """Poll a feed once now; exits 1 when an object was rejected."""
    from ingest.extract import Extractor
    from ingest.taxii import FeedError, get_feed, poll

    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        extractor = Extractor(settings.spacy_model, batch_size=settings.extract_batch_size)
        result = poll(store, get_feed(store, name), extractor,
                      batch_size=settings.write_batch_size)
    except FeedError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    account = result.account
    console.print(
        f"{name}: {result.objects} objects in {result.pages} pages: "
        f"{account.records.total()} records ({result.summary.ingested} new, "
        f"{result.summary.unchanged} unchanged), {account.rejected} rejected, "
        f"{account.skipped.total()} skipped; stopped at {result.added_after or '-'}"
    )
    for (kind, reason), n in sorted(account.skipped.items()):
        console.print(f"  skipped {n} {kind}: {reason}")
    for rejection in result.summary.rejections:
        console.print(f"[red]rejected[/red] {rejection}")
    if account.rejected:
        raise typer.Exit(1)


@feeds_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The feed to remove.")]) -> None:
    """Remove a feed; what it ingested stays."""
    from ingest.taxii import remove_feed

    store = open_store(get_settings())
    try:
        removed = remove_feed(store, name)
    finally:
        store.close()
    if not removed:
        console.print(f"[red]error:[/red] no feed named {name!r}")
        raise typer.Exit(1)
    console.print(f"feed {name} removed")
