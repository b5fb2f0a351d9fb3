"""`nexus alerts list|tail|ack|close` for an officer at a terminal (over the HTTP API,
with the officer's own key), and `nexus watchlist import` for bulk lists (an operator
command on the store, as a watchlist admin principal)."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from graph_service.auth import PrincipalStore, Role
from graph_service.domain import EntityKind
from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate
from graph_service.visibility import MarkingError
from queries import watchlist

alerts_app = typer.Typer(no_args_is_help=True, help="Read and work alerts (over the API).")
watchlist_app = typer.Typer(no_args_is_help=True, help="Manage the watchlist.")
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

KeyOption = Annotated[str | None, typer.Option("--key", help="API key (default: $NEXUS_KEY).")]
UrlOption = Annotated[str | None, typer.Option("--url", help="API base URL (default: this host's API).")]


def _client(key: str | None, url: str | None, timeout: float | None = 30.0) -> httpx.Client:
    key = key or os.environ.get("NEXUS_KEY")
    if not key:
        console.print("[red]error:[/red] give --key or set NEXUS_KEY")
        raise typer.Exit(2)
    settings = get_settings()
    base = url or f"http://{settings.api_host}:{settings.api_port}"
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=timeout)


def _ok(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail") or response.json().get("title")
        except ValueError:
            detail = response.text
        console.print(f"[red]error {response.status_code}:[/red] {detail}")
        raise typer.Exit(1)
    return response.json()


def _line(alert: dict[str, Any]) -> str:
    name = alert["subject_name"] or alert["subject"]
    hops = len(alert["path"]["hops"]) if alert.get("path") else 0
    return (f"{alert['id']}  {alert['state']:<12} {alert['rule']:<17} {alert['score']:.3f}  "
            f"{name} ({alert['area'] or '-'}, {hops} hops, reports {', '.join(alert['reports'])})")


@alerts_app.command("list")
def list_cmd(
    state: Annotated[str | None, typer.Option(help="new, acknowledged or closed")] = None,
    rule: Annotated[str | None, typer.Option()] = None,
    area: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    key: KeyOption = None,
    url: UrlOption = None,
) -> None:
    """Your alerts, most recently updated first."""
    params = {k: v for k, v in {"state": state, "rule": rule, "area": area, "limit": limit}.items() if v}
    with _client(key, url) as client:
        page = _ok(client.get("/v1/alerts", params=params))
    table = Table(title=f"alerts ({page['total']})")
    for column in ("id", "state", "rule", "score", "subject", "area", "reports"):
        table.add_column(column)
    for a in page["items"]:
        table.add_row(a["id"], a["state"], a["rule"], f"{a['score']:.3f}", a["subject_name"] or a["subject"],
                      a["area"] or "", ", ".join(a["reports"]))
    out.print(table)


@alerts_app.command("tail")
def tail_cmd(
    last_event_id: Annotated[str | None, typer.Option(help="Resume after this event.")] = None,
    key: KeyOption = None,
    url: UrlOption = None,
) -> None:
    """Follow your alert stream (Ctrl-C to stop); reconnects where it left off."""
    last = last_event_id
    while True:
        headers = {"Last-Event-ID": last} if last else {}
        try:
            with _client(key, url, timeout=None) as client, client.stream(
                "GET", "/v1/alerts/stream", headers=headers
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    _ok(response)
                event: dict[str, str] = {}
                for line in response.iter_lines():
                    name, _, value = line.partition(":")
                    if line and name in ("id", "event", "data"):
                        event[name] = value.strip()
                    elif not line and "data" in event:
                        last = event.get("id", last)
                        out.print(f"[{last}] {_line(json.loads(event['data']))}")
                        event = {}
        except httpx.TransportError as exc:
            console.print(f"[yellow]stream dropped ({type(exc).__name__}); reconnecting[/yellow]")
        except KeyboardInterrupt:
            return


@alerts_app.command("ack")
def ack_cmd(
    alert_id: str, note: Annotated[str | None, typer.Option()] = None, key: KeyOption = None,
    url: UrlOption = None,
) -> None:
    """Acknowledge an alert."""
    with _client(key, url) as client:
        out.print(_line(_ok(client.post(f"/v1/alerts/{alert_id}/acknowledge", json={"note": note}))))


@alerts_app.command("close")
def close_cmd(
    alert_id: str, note: Annotated[str, typer.Option(help="Why it is closed (required).")],
    key: KeyOption = None, url: UrlOption = None,
) -> None:
    """Close an alert with a note."""
    with _client(key, url) as client:
        out.print(_line(_ok(client.post(f"/v1/alerts/{alert_id}/close", json={"note": note}))))


def read_entries(path: Path) -> list[dict[str, str]]:
    """Watchlist rows of a CSV (header: value or name, kind, reason, marking) or JSON file
    (a list of objects with the same fields)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        rows = json.loads(text)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{path}: expected a JSON list of objects")
        return [{k: str(v) for k, v in r.items() if v is not None} for r in rows]
    return [dict(r) for r in csv.DictReader(text.splitlines())]


@watchlist_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    as_principal: Annotated[str, typer.Option("--as", help="Watchlist admin principal id (usr_…).")],
    marking: Annotated[str, typer.Option(help="Marking of rows that give none.")] = "UNCLASSIFIED",
) -> None:
    """Import watchlist entries (names or identifier values, keyed as ingest keys them);
    every bad row is named with its line, and the good ones are added."""
    settings = get_settings()
    admin = PrincipalStore.from_settings(settings).get(as_principal)
    if admin is None or not admin.roles & {Role.WATCHLIST_ADMIN, Role.ADMIN}:
        console.print(f"[red]error:[/red] {as_principal} is not an active watchlist admin")
        raise typer.Exit(2)
    try:
        rows = read_entries(file)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    store = open_store(settings)
    added, bad = 0, 0
    now = datetime.now(UTC)
    try:
        migrate(store)
        where = "item" if file.suffix.lower() == ".json" else "line"
        for line, row in enumerate(rows, start=1 if where == "item" else 2):
            value = (row.get("value") or row.get("name") or "").strip()
            try:
                kind = EntityKind(row.get("kind") or "Person")
                if not value:
                    raise ValueError("no value or name")
                key = watchlist.entry_key(kind, value)
                watchlist.add(store, admin.viewer(), key, row.get("reason") or "imported",
                              row.get("marking") or marking, by=admin.id, at=now)
                added += 1
            except (ValueError, MarkingError) as exc:
                bad += 1
                console.print(f"[red]rejected[/red] {file} {where} {line}: {exc}")
    finally:
        store.close()
    console.print(f"watchlist import: {added} added, {bad} rejected")
    if bad:
        raise typer.Exit(1)
