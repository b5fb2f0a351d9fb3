"""`nexus ingest` and `nexus demo`: load reports into the graph from the command line."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_service.alerts import Evaluator, alert_viewers
from graph_service.audit.log import AuditEntry, AuditLog
from graph_service.auth import Principal, PrincipalStore, Role
from graph_service.domain import EntityKind
from graph_service.reference import areas
from graph_service.runtime import open_store
from graph_service.settings import Settings, get_settings
from graph_service.store import Store, migrate
from graph_service.visibility import MarkingError, parse_marking
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, ingest
from ingest.readers import Ledger, RejectedStore, read_paths
from queries import watchlist

console = Console(stderr=True, soft_wrap=True)
SAMPLE = Path(__file__).resolve().parent.parent / "bench" / "sample"


def seed_areas(store: Store) -> None:
    """Write the reference list of states, territories and urban areas."""
    store.write(
        "area_seed",
        {"areas": [{"code": a.code, "name": a.name, "kind": a.kind, "state": a.state} for a in areas()]},
    )


def run_ingest(
    settings: Settings, store: Store, paths: list[str], ledger: Ledger | None = None,
    default_marking: str | None = None,
) -> IngestSummary:
    """Ingest `paths` with a progress bar; rejected records go to the rejected store; each
    committed batch is evaluated for alerts (unless alerts are off); `ledger` (if given)
    accounts for every object of every file."""
    ledger = ledger or Ledger()
    evaluator = (
        Evaluator(store, settings, partial(alert_viewers, PrincipalStore.from_settings(settings)))
        if settings.alerts_enabled else None
    )
    rejected = RejectedStore(settings.var_dir / "rejected")
    extractor = Extractor(
        settings.spacy_model,
        batch_size=settings.extract_batch_size,
        n_process=settings.extract_processes,
    )
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    if evaluator is not None:
        evaluator.start()  # batches are evaluated while the next ones are extracted
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("ingest", total=None)
            summary = ingest(
                store,
                ledger.watch(read_paths(paths, max_text_chars=settings.max_text_chars,
                                        feed=ledger.feed(default_marking))),
                extractor,
                batch_size=settings.write_batch_size,
                on_rejection=rejected.add,
                on_progress=lambda n: progress.advance(task, n),
                alert_stage=evaluator.stage if evaluator else None,
            )
    except BaseException:
        if evaluator is not None:
            evaluator.stop()  # what it left marked, the next sweep evaluates
        raise
    if evaluator is not None:
        evaluator.finish()
    return summary


SUMMARY_COUNTS = ("ingested", "unchanged", "rejected", "entities", "mentions", "relations", "candidates")


def print_summary(summary: IngestSummary) -> None:
    """The job's counts, then each rejection with file, line and field."""
    table = Table(title="ingest summary")
    for name in SUMMARY_COUNTS:
        table.add_column(name, justify="right")
    table.add_row(*(str(getattr(summary, name)) for name in SUMMARY_COUNTS))
    console.print(table)
    for rejection in summary.rejections:
        console.print(f"[red]rejected[/red] {rejection}")


def print_files(ledger: Ledger) -> None:
    """Per file: records by object type, rejections, skipped objects by type and why; a
    warning for each file that yielded no record."""
    for source, account in ledger.files.items():
        records = ", ".join(f"{kind} {n}" for kind, n in sorted(account.records.items()))
        console.print(
            f"[bold]{source}[/bold]: {account.objects} objects: {account.records.total()} "
            f"ingested ({records or 'none'}), {account.rejected} rejected, "
            f"{account.skipped.total()} skipped"
            + (f", {account.defaulted} under the default marking" if account.defaulted else "")
        )
        for (kind, reason), n in sorted(account.skipped.items()):
            console.print(f"  skipped {n} {kind}: {reason}")
    for source in ledger.empty():
        console.print(f"[yellow]warning:[/yellow] {source} yielded nothing to ingest")


def check_default_marking(marking: str | None) -> str | None:
    """The operator's default marking as a canonical banner; exit 2 quoting a bad one."""
    if marking is None:
        return None
    try:
        return parse_marking(marking).banner()
    except MarkingError as exc:
        console.print(f"[red]error:[/red] --default-marking: {exc}")
        raise typer.Exit(2) from exc


def audit_default_marking(settings: Settings, paths: list[str], banner: str,
                          ledger: Ledger, status: int) -> None:
    """Record who stated a default marking for which files and what took it."""
    log = AuditLog.from_settings(settings)
    try:
        log.append(AuditEntry(
            principal=f"cli:{getpass.getuser()}", route="nexus ingest", method="CLI",
            params={"paths": paths, "default_marking": banner,
                    "defaulted": {s: a.defaulted for s, a in ledger.files.items() if a.defaulted}},
            status=status,
        ))
    finally:
        log.close()


def ingest_command(paths: list[str], default_marking: str | None = None) -> None:
    """Ingest report files; exits 1 when any record was rejected or a file yielded none."""
    settings = get_settings()
    banner = check_default_marking(default_marking)
    ledger = Ledger()
    store = open_store(settings)
    try:
        migrate(store)
        seed_areas(store)
        summary = run_ingest(settings, store, paths, ledger, banner)
    finally:
        store.close()
    print_summary(summary)
    print_files(ledger)
    status = 1 if summary.rejected or ledger.empty() else 0
    if banner is not None:
        audit_default_marking(settings, paths, banner, ledger, status)
    if status:
        raise typer.Exit(status)


DEMO_PRINCIPALS: dict[str, dict[str, Any]] = {
    # A fusion-center analyst holding both halves: sees the nexus.
    "demo-fusion-analyst": {
        "roles": [Role.ANALYST],
        "clearance": "TS",
        "compartments": ["SI", "HCS"],
        "citizenship": ["USA"],
        "authorizations": ["LES", "CUI", "ORCON"],
        "side": "INTEL",
    },
    # A law-enforcement analyst: U//LES and CUI only; gets pointers, never the content.
    "demo-le-analyst": {
        "roles": [Role.ANALYST],
        "clearance": "U",
        "citizenship": ["USA"],
        "authorizations": ["LES", "CUI"],
        "side": "LE",
        "pointers": True,
    },
    "demo-watch-officer": {
        "roles": [Role.ANALYST, Role.WATCHLIST_ADMIN],
        "clearance": "TS",
        "compartments": ["SI", "HCS"],
        "citizenship": ["USA"],
        "authorizations": ["LES", "CUI", "ORCON"],
    },
}
WATCHLIST_MARKING = "SECRET//NOFORN"


def demo_keys(settings: Settings) -> dict[str, tuple[Principal, str]]:
    """The demo principals with a fresh API key each (created once, rotated on re-runs)."""
    principals = PrincipalStore.from_settings(settings)
    existing = {sp.principal.name: sp.principal for sp in principals.list() if sp.revoked is None}
    out = {}
    for name, attributes in DEMO_PRINCIPALS.items():
        if name in existing:
            out[name] = (existing[name], principals.rotate(existing[name].id))
        else:
            out[name] = principals.add(name=name, **attributes)
    return out


def seed_watchlist(store: Store, officer: Principal) -> int:
    """Put the sample corpus's subjects of interest on the watchlist."""
    entries = json.loads((SAMPLE / "watchlist.json").read_text())
    now = datetime.now(UTC)
    for entry in entries:
        key = watchlist.entry_key(EntityKind(entry["kind"]), entry["name"])
        watchlist.add(store, officer.viewer(), key, entry["reason"], WATCHLIST_MARKING, by=officer.id, at=now)
    return len(entries)


def write_keys_file(path: Path, base: str, keys: dict[str, tuple[Principal, str]]) -> None:
    """The URL and demo keys as NAME=value lines that a shell can source (the notebook
    reads NEXUS_URL, NEXUS_KEY and NEXUS_LE_KEY); readable by the owner only."""
    lines = [f"NEXUS_URL={base}", f"NEXUS_KEY={keys['demo-fusion-analyst'][1]}",
             f"NEXUS_LE_KEY={keys['demo-le-analyst'][1]}",
             f"NEXUS_WATCH_KEY={keys['demo-watch-officer'][1]}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text("\n".join(lines) + "\n")


def held_back(directory: Path) -> tuple[Path, Path]:
    """The sample corpus without the report that completes its first planted link, and that
    report alone, written under `directory`: the demo loads the first, and a newcomer
    ingests the second to watch the link's alert arrive."""
    link = json.loads((SAMPLE / "truth" / "links.jsonl").read_text().splitlines()[0])
    lines = (SAMPLE / "reports.jsonl").read_text().splitlines()
    directory.mkdir(parents=True, exist_ok=True)
    corpus, kept = directory / "reports.jsonl", directory / "held-back.jsonl"
    held = [json.loads(line)["id"] == link["completed_by"] for line in lines]
    corpus.write_text("".join(f"{line}\n" for line, h in zip(lines, held, strict=True) if not h))
    kept.write_text("".join(f"{line}\n" for line, h in zip(lines, held, strict=True) if h))
    return corpus, kept


def demo_command(keys_file: Path | None = None, *, hold_back: bool = True) -> None:
    """Load the sample corpus and its watchlist, create demo principals, print examples;
    with `keys_file`, also write the URL and keys there (see `write_keys_file`); with
    `hold_back`, all but the report that completes the first planted link (`held_back`)."""
    settings = get_settings()
    store = open_store(settings)
    try:
        migrate(store)
        seed_areas(store)
        # Principals and watchlist first: alerts are evaluated as reports land.
        keys = demo_keys(settings)
        watched = seed_watchlist(store, keys["demo-watch-officer"][0])
        corpus, kept = held_back(settings.var_dir / "demo")
        summary = run_ingest(settings, store, [str(corpus if hold_back else SAMPLE / "reports.jsonl")])
    finally:
        store.close()
    print_summary(summary)
    # The first planted link is completed by the held-back report; the examples use the second.
    link = json.loads((SAMPLE / "truth" / "links.jsonl").read_text().splitlines()[1])
    subject = json.loads((SAMPLE / "watchlist.json").read_text())[0]
    base = f"http://{settings.api_host}:{settings.api_port}"
    fusion, le = keys["demo-fusion-analyst"][1], keys["demo-le-analyst"][1]
    if keys_file is not None:
        write_keys_file(keys_file, base, keys)
    console.print(
        f"\nsample corpus loaded: {summary.ingested + summary.unchanged} reports, {watched} watched subjects"
    )
    console.print(f"API docs: {base}/docs")
    console.print(f"operations console: {base}/console/ (sign in with a demo key below)")
    console.print("demo keys (shown once; re-run `nexus demo` for new ones):")
    for name, (_, key) in keys.items():
        console.print(f"  {name}: {key}")
    console.print("\nexample queries:")
    console.print(f"  export NEXUS_KEY={fusion}")
    console.print(
        f'  curl -s -H "Authorization: Bearer $NEXUS_KEY" "{base}/v1/nexus?report={link["le_report"]}"'
    )
    console.print(
        f'  curl -s -H "Authorization: Bearer $NEXUS_KEY" "{base}/v1/entities?q={quote(subject["name"])}"'
    )
    console.print("  # the nation and an area over the 30 days up to the newest report you may see")
    console.print(f'  curl -s -H "Authorization: Bearer $NEXUS_KEY" "{base}/v1/picture"')
    console.print(f'  curl -s -H "Authorization: Bearer $NEXUS_KEY" "{base}/v1/areas/CA/picture"')
    console.print(f'  curl -sN -H "Authorization: Bearer $NEXUS_KEY" "{base}/v1/picture/stream?area=CA"')
    console.print(
        "  # the same nexus query as a law-enforcement analyst (no TS//SI): less; searched from"
        " an entity (?entity=<key>), it carries a pointer when a link exists above their level"
    )
    console.print(f'  curl -s -H "Authorization: Bearer {le}" "{base}/v1/nexus?report={link["le_report"]}"')
    officer = keys["demo-watch-officer"][1]
    console.print("\nthe watch officer's alerts (no webhook is set up; see POST /v1/subscriptions):")
    console.print(f"  NEXUS_KEY={officer} nexus alerts list")
    console.print(f"  NEXUS_KEY={officer} nexus alerts tail        # follows the stream; or:")
    console.print(f'  curl -N -H "Authorization: Bearer {officer}" "{base}/v1/alerts/stream"')
    console.print("  # new alerts arrive on it as reports land (nexus ingest FILE, or POST /v1/ingest)")
    if hold_back:
        console.print(
            "\nwatch an alert arrive: open the console, sign in with the demo-watch-officer key, open"
            " the Alert board, then ingest the one report held back from the corpus (it completes a"
            " planted link to a watched subject):"
        )
        console.print(f"  nexus ingest {kept}")
