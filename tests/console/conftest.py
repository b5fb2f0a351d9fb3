"""The console in a real browser: Debian's headless chromium, driven by Playwright, against
the session's API server on the real Neo4j, holding the sample corpus.

The sample corpus is loaded as `nexus demo` loads it (same principals, same watchlist),
except for the law-enforcement report that completes the first planted link
(`HELD_BACK`): the alert board's test ingests it while a watch officer watches.

Every page records the requests it makes and the responses it gets, so tests can assert
that nothing left 127.0.0.1 and that a hidden name is in no response. Screenshots of each
view go to `test-artifacts/console/` (gitignored).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect, sync_playwright

from graph_service.alerts import Evaluator, alert_viewers
from graph_service.auth import Principal, PrincipalStore, Role
from graph_service.cli_ingest import SAMPLE, demo_keys, seed_areas, seed_watchlist
from graph_service.settings import Settings
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import Rejection, read_paths
from tests.conftest import ROOT, ApiServer, api_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "console"
LINK = json.loads((SAMPLE / "truth" / "links.jsonl").read_text().splitlines()[0])
HELD_BACK = LINK["completed_by"]
"""The LE report completing the first planted link (to the SECRET subject Reina Bustos)."""

expect.set_options(timeout=90_000)  # a shared 2-core machine under load: a query may take 30 s


@dataclass
class Demo:
    """The API server holding the sample corpus, and the demo principals' API keys."""

    url: str
    keys: dict[str, str]
    held_back: dict[str, object]

    def client(self, name: str) -> httpx.Client:
        auth = {"Authorization": f"Bearer {self.keys[name]}"}
        return httpx.Client(base_url=self.url, headers=auth, timeout=60)


@pytest.fixture(scope="module")
def demo_principals(settings: Settings) -> dict[str, tuple[Principal, str]]:
    """The demo principals and a feed, made before the server starts, so that the API's
    alert evaluator has the analyst classes from its first sweep on."""
    made = demo_keys(settings)
    made["feed"] = PrincipalStore.from_settings(settings).add(
        "console-feed", [Role.INGEST], "TS", compartments=["SI", "HCS"], citizenship=["USA"],
        authorizations=["LES", "CUI", "ORCON"],
    )
    return made


@pytest.fixture(scope="module")
def console_api(
    settings: Settings, neo4j_uri: str, store: Store, demo_principals: dict[str, tuple[Principal, str]]
) -> Iterator[ApiServer]:
    """An API server of its own, whose queries may run for a minute: the area picture's
    nexus search takes seconds alone, and these tests share two cores with other suites."""
    server = ApiServer(
        api_env(settings, neo4j_uri, NEXUS_QUERY_TIMEOUT_S="60"), settings.var_dir / "console-api.log"
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo(
    settings: Settings, neo4j_uri: str, store: Store, console_api: ApiServer,
    demo_principals: dict[str, tuple[Principal, str]],
) -> Iterator[Demo]:
    """The sample corpus but HELD_BACK, its watchlist, the demo principals and a feed.

    Written through a store whose reads may take two minutes: on a loaded machine a fresh
    Neo4j plans its first queries slowly, and this is set-up, not a measurement.
    """
    store.run_batched("wipe_data", {})
    patient = Store.from_settings(settings.model_copy(update={"query_timeout_s": 120}), neo4j_uri)
    try:
        yield _load_demo(settings, patient, console_api, demo_principals)
    finally:
        patient.close()


def _load_demo(
    settings: Settings, store: Store, console_api: ApiServer, made: dict[str, tuple[Principal, str]]
) -> Demo:
    seed_areas(store)
    # Principals and watchlist first, then the corpus with its alerts evaluated as each
    # batch lands, as `nexus demo` does: the API's sweep would otherwise still be working
    # through the corpus's backlog when the held-back report arrives.
    seed_watchlist(store, made["demo-watch-officer"][0])
    records = [
        r for r in read_paths([str(SAMPLE / "reports.jsonl")])
        if isinstance(r, Rejection) or r.report.id != HELD_BACK
    ]
    evaluator = Evaluator(store, settings, partial(alert_viewers, PrincipalStore.from_settings(settings)))
    summary = ingest(store, records, Extractor(), batch_size=200, alert_stage=evaluator.stage)
    assert summary.rejected == 0
    assert summary.ingested == 299
    keys = {name.removeprefix("demo-"): key for name, (_, key) in made.items()}
    held = next(
        json.loads(line) for line in (SAMPLE / "reports.jsonl").read_text().splitlines()
        if json.loads(line)["id"] == HELD_BACK
    )
    return Demo(console_api.url, keys, held)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with every background request of its own turned off.
    Package-scoped: Playwright's sync API keeps an asyncio loop running on the main thread
    while it is open, and tests after this package start loops of their own (anyio.run)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Recorded:
    """What one page asked for and got back, and what it logged as an error."""

    requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside_loopback(self) -> list[str]:
        """Requests to anywhere but 127.0.0.1 (data: and blob: URLs stay in the page)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob"}:
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out

    def bodies(self) -> Iterator[tuple[str, bytes]]:
        """Each finished response's URL and body (streams, which never finish, left out)."""
        for response in self.responses:
            if "text/event-stream" in response.headers.get("content-type", ""):
                continue
            try:
                yield response.url, response.body()
            except Exception as exc:  # a redirect or a response of a page since closed
                if "redirect" in str(exc).lower():
                    continue
                raise


@dataclass
class Session:
    """A browser tab (1280×800) on the console with its recordings."""

    page: Page
    context: BrowserContext
    recorded: Recorded
    url: str

    def sign_in(self, key: str, view: str = "") -> None:
        """Sign in the way a user does (type the key, press Enter), landing on `view`
        (a hash such as "#investigate"; the alert board by default)."""
        self.page.goto(f"{self.url}/console/{view}")
        self.page.locator("#credential").fill(key)
        self.page.locator("#credential").press("Enter")
        expect(self.page.get_by_test_id("principal")).to_be_visible()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def tabs(browser: Browser, demo: Demo, request: pytest.FixtureRequest) -> Iterator[Callable[[], Session]]:
    """Opens browser tabs (1280×800, each in its own context, so nothing is shared between
    them), recording requests, responses and console errors; after the test, each tab's
    last state is saved as a screenshot (`<test>-last-<n>.png`) and all are closed."""
    contexts: list[BrowserContext] = []

    def open_tab() -> Session:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        recorded = Recorded()
        page.on("request", lambda request: recorded.requests.append(request.url))
        page.on("response", lambda response: recorded.responses.append(response))
        page.on("console", lambda msg: recorded.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: recorded.errors.append(str(exc)))
        return Session(page, context, recorded, demo.url)

    yield open_tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for n, context in enumerate(contexts):
        for page in context.pages:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last-{n}.png"), full_page=True)
        context.close()
