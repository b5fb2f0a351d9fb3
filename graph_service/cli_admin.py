"""`nexus users` (API-key principals) and `nexus audit` (verify and export the audit log).

Both work on the files under NEXUS_VAR_DIR and need no running API or Neo4j; a running API
sees principal changes at its next request. Keys are printed once, alone on stdout (so
`KEY=$(nexus users add ...)` works); everything else goes to stderr.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Column, Table

from graph_service.audit import AuditLog, canonical_json, export
from graph_service.auth import PrincipalStore, Role, UnknownPrincipal, clearance_code
from graph_service.settings import get_settings
from graph_service.visibility import VisibilityError

__all__ = ["audit_app", "users_app"]

users_app = typer.Typer(no_args_is_help=True, help="Manage API-key principals.")
audit_app = typer.Typer(no_args_is_help=True, help="Verify and export the audit log.")
err = Console(stderr=True)


def _store() -> PrincipalStore:
    return PrincipalStore.from_settings(get_settings())


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Option(help="Display name.")],
    role: Annotated[list[Role], typer.Option(help="A role; repeat for several.")],
    clearance: Annotated[str, typer.Option(help="U, C, S or TS.")] = "U",
    compartment: Annotated[list[str] | None, typer.Option(help="An SCI compartment (SI, TK...).")] = None,
    citizenship: Annotated[list[str] | None, typer.Option(help="An ISO 3166 trigraph (USA).")] = None,
    authorization: Annotated[list[str] | None, typer.Option(help="LES, ORCON or CUI.")] = None,
    agency: Annotated[str | None, typer.Option(help="Home agency.")] = None,
    side: Annotated[str | None, typer.Option(help="LE, INTEL or OPEN.")] = None,
    pointers: Annotated[bool, typer.Option("--pointers", help="May receive pointers.")] = False,
    cross_domain: Annotated[
        bool, typer.Option("--cross-domain", help="An ingest feed that may write above its clearance.")
    ] = False,
) -> None:
    """Create a principal and print its API key (shown this once only)."""
    try:
        principal, key = _store().add(
            name=name, roles=role, clearance=clearance, compartments=compartment or (),
            citizenship=citizenship or (), authorizations=authorization or (), agency=agency,
            side=side, cross_domain=cross_domain, pointers=pointers,
        )
    except (ValueError, VisibilityError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    err.print(f"created {principal.id} ({principal.name}); its API key, shown only now:")
    typer.echo(key)


@users_app.command("list")
def users_list() -> None:
    """List principals, revoked ones included (never their keys)."""
    # Ids are what the other commands take: never wrapped or cut.
    table = Table(Column("id", no_wrap=True), "name", "roles", "access", "agency/side", "status")
    for stored in _store().list():
        p = stored.principal
        access = " ".join([
            "//".join([clearance_code(p.clearance), *sorted(p.compartments)]),
            *(f"cit:{c}" for c in sorted(p.citizenship)), *sorted(p.authorizations),
        ])
        flags = [flag for flag, on in (("pointers", p.pointers), ("cross-domain", p.cross_domain)) if on]
        table.add_row(
            p.id, p.name, " ".join(sorted(p.roles)), access, "/".join(filter(None, (p.agency, p.side))),
            " ".join([f"revoked {stored.revoked}" if stored.revoked else "active", *flags]),
        )
    Console().print(table)


@users_app.command("revoke")
def users_revoke(principal_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Revoke a principal: its key stops working at once."""
    try:
        _store().revoke(principal_id)
    except UnknownPrincipal as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    err.print(f"revoked {principal_id}")


@users_app.command("rotate")
def users_rotate(principal_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Replace a principal's API key and print the new one; the old one stops working."""
    try:
        key = _store().rotate(principal_id)
    except UnknownPrincipal as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    err.print(f"new API key for {principal_id}, shown only now:")
    typer.echo(key)


@audit_app.command("verify")
def audit_verify() -> None:
    """Verify the hash chain and signed checkpoints; exit 1 naming the first bad record."""
    result = AuditLog.from_settings(get_settings()).verify()
    if not result.ok:
        where = f"first bad record: {result.first_bad}" if result.first_bad is not None else "checkpoints"
        err.print(f"[red]audit log NOT intact[/red] ({result.records} records) — {where}: {result.reason}")
        raise typer.Exit(1)
    err.print(f"audit log intact: {result.reason}")


def _when(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 time: {value!r}", param_hint=name) from exc


@audit_app.command("export")
def audit_export(
    since: Annotated[str | None, typer.Option(help="ISO 8601 time, inclusive (UTC if naive).")] = None,
    until: Annotated[str | None, typer.Option(help="ISO 8601 time, exclusive (UTC if naive).")] = None,
) -> None:
    """Print the records of a time window as JSON lines, exactly as chained."""
    log = AuditLog.from_settings(get_settings())
    for record in export(log.dir, _when(since, "--since"), _when(until, "--until")):
        sys.stdout.write(canonical_json(record).decode() + "\n")
