"""The operations console end to end, in headless chromium against the real API and Neo4j.

Each test drives the console as its user would (typing, clicking, the keyboard) and checks
what that user would notice; every test also checks that the page made no request beyond
127.0.0.1 and logged no error (a Content-Security-Policy violation is logged as one).
"""

from __future__ import annotations

import re
import time

import httpx
import networkx as nx
from playwright.sync_api import Page, expect

from tests.console.conftest import ARTIFACTS, HELD_BACK, LINK, Demo, Session

SECRET_SUBJECT = "Reina Bustos"
"""The watched subject of the first planted link, named only in a SECRET//NOFORN report."""
SECRET_REPORT = LINK["intel_report"]
POINTER = re.compile(r"^A link exists at a higher level; contact .+; ref \S+$")
"""All that a pointer may say."""
LE_ENTITY = "Haley Shaffer"
"""Named in the held-back U//LES report and in the SECRET report, next to the subject."""


def clean(session: Session) -> None:
    """Nothing left 127.0.0.1 and nothing was logged as an error."""
    assert session.recorded.outside_loopback() == []
    assert session.recorded.errors == []


def ingest_held_back(demo: Demo) -> None:
    """Submit the held-back LE report as the feed and wait until its job is done."""
    with demo.client("feed") as feed:
        job = feed.post("/v1/ingest", json=demo.held_back)
        assert job.status_code == 202, job.text
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = feed.get(f"/v1/jobs/{job.json()['id']}").json()
            if state["state"] in {"done", "failed"}:
                assert state["state"] == "done", state
                assert state["rejected"] == 0, state
                return
            time.sleep(0.1)
    raise AssertionError("the held-back report's job did not finish in 120 s")


def node_checkbox(page: Page, name: str):
    """The chart's checkbox for the entity called `name` (or, as resolution may name a
    person, by the surname alone)."""
    surname = re.escape(name.split()[-1])
    label = re.compile(rf"^(★ )?({re.escape(name)}|{surname}) \(")
    return page.locator(".node-list li").filter(has_text=label).locator("input[type=checkbox]")


# ---------------------------------------------------------------- alert board


def raised_by(demo: Demo, report_id: str, before: set[str]) -> list[dict[str, object]]:
    """The watch officer's new alerts (not in `before`) that name `report_id`, once the
    alert thread has evaluated it (a job is done when its batches are durable; its alerts
    follow). The report also brings evidence to alerts already on the board."""
    deadline = time.monotonic() + 60
    with demo.client("watch-officer") as api:
        while time.monotonic() < deadline:
            items = api.get("/v1/alerts", params={"limit": 200}).json()["items"]
            found = [a for a in items if report_id in a["reports"] and a["id"] not in before]
            if found:
                return found
            time.sleep(0.1)
    raise AssertionError(f"no new alert names {report_id} 60 s after its job was done")


def test_alert_arrives_live_is_explained_and_acknowledged_and_le_never_sees_it(demo: Demo, tabs) -> None:
    paths = httpx.get(f"{demo.url}/openapi.json").json()["paths"]
    assert "/v1/alerts/stream" in paths, "this server has no alert API"
    with demo.client("le-analyst") as le_client:
        hits = le_client.get("/v1/entities", params={"q": LE_ENTITY}).json()["items"]
    assert hits == [], "the held-back report is already in: this test must run before the others ingest it"
    officer = tabs()
    officer.sign_in(demo.keys["watch-officer"])
    page = officer.page
    page.get_by_role("link", name="Alert board").click()
    expect(page.get_by_test_id("stream-status")).to_have_text("Live")
    expect(page.locator(".columns[data-loaded=true]")).to_be_visible()  # the corpus's alerts are in
    before = set(page.locator("[data-alert]").evaluate_all("els => els.map(e => e.dataset.alert)"))

    ingest_held_back(demo)
    raised = raised_by(demo, HELD_BACK, before)
    # The planted link: the LE report's subject near the watched one, if it is among them.
    raised.sort(key=lambda a: SECRET_SUBJECT.split()[-1].lower() not in str(a["subject"]))
    arrived = [str(raised[0]["id"])]
    # Within 2 s of the alert being stored, without a reload: the stream brings it.
    expect(page.locator(f'[data-state=new] [data-alert="{arrived[0]}"]')).to_be_visible(timeout=2000)
    officer.screenshot("alerts-board")

    card = page.locator(f'[data-alert="{arrived[0]}"]')
    card.focus()
    page.keyboard.press("Enter")  # a card opens from the keyboard
    detail = page.get_by_test_id("alert-detail")
    expect(detail).to_contain_text(HELD_BACK)
    expect(detail.locator(".hop").first).to_be_visible()
    expect(detail).to_contain_text(SECRET_REPORT)
    officer.screenshot("alerts-explanation")
    detail.locator("#alert-note").fill("Passed to the JTTF duty agent")
    detail.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(f'[data-state=acknowledged] [data-alert="{arrived[0]}"]')).to_be_visible()
    expect(detail.get_by_test_id("alert-state")).to_have_text("acknowledged")
    expect(detail).to_contain_text("Passed to the JTTF duty agent")
    clean(officer)

    le = tabs()
    le.sign_in(demo.keys["le-analyst"])
    le.page.get_by_role("link", name="Alert board").click()
    expect(le.page.get_by_test_id("stream-status")).to_have_text("Live")
    expect(le.page.locator(".columns[data-loaded=true]")).to_be_visible()
    ids = le.page.locator("[data-alert]").evaluate_all("els => els.map(e => e.dataset.alert)")
    if arrived[0] in ids:  # only ever as a pointer
        le.page.locator(f'[data-alert="{arrived[0]}"]').click()
        expect(le.page.get_by_test_id("pointer")).to_have_text(POINTER)
    le.screenshot("alerts-le-analyst")
    assert_never_shown(le, SECRET_SUBJECT)
    clean(le)


# ---------------------------------------------------------------- investigation


def test_search_profile_chart_expand_paths_and_exports(demo: Demo, tabs) -> None:
    session = tabs()
    session.sign_in(demo.keys["fusion-analyst"], "#investigate")
    page = session.page
    page.locator("#search-q").fill(LE_ENTITY)
    page.locator("#search-q").press("Enter")
    page.locator(".hit").filter(has_text=LE_ENTITY).first.click()
    expect(page.locator("#profile-name")).to_have_text(LE_ENTITY)
    expect(page.get_by_test_id("profile")).to_contain_text(SECRET_REPORT)
    expect(node_checkbox(page, SECRET_SUBJECT)).to_have_count(1)
    drawn = page.locator(".node-list input[type=checkbox]").count()
    assert drawn >= 3
    session.screenshot("chart-neighbourhood")

    # Expand every neighbour (checkboxes ticked from the keyboard), then the chart grows.
    boxes = page.locator(".node-list input[type=checkbox]")
    node_checkbox(page, LE_ENTITY).uncheck()
    for i in range(boxes.count()):
        if not boxes.nth(i).is_checked():
            boxes.nth(i).focus()
            page.keyboard.press("Space")
    page.locator("#chart-expand").click()
    expect(page.locator(".chart-status")).not_to_contain_text("Expanding", timeout=90_000)
    expect(page.locator(".chart-status")).to_contain_text("entities on the chart")
    assert page.locator(".node-list input[type=checkbox]").count() > drawn

    # Paths between the LE entity and the watched subject.
    ticked = page.locator(".node-list input:checked").evaluate_all("els => els.map(e => e.dataset.key)")
    for key in ticked:  # by key: unticking one re-renders the list
        page.locator(f'.node-list input[data-key="{key}"]').uncheck()
    expect(page.locator(".node-list input:checked")).to_have_count(0)
    node_checkbox(page, LE_ENTITY).check()
    node_checkbox(page, SECRET_SUBJECT).check()
    page.locator("#chart-paths").click()
    paths = page.get_by_test_id("paths")
    expect(paths).to_contain_text("Paths between")
    expect(paths.locator(".hop").first).to_be_visible()
    expect(paths).to_contain_text(SECRET_REPORT)
    session.screenshot("chart-paths")

    with page.expect_download() as png:
        page.locator("#chart-png").click()
    png_path = ARTIFACTS / "chart-export.png"
    png.value.save_as(png_path)
    data = png_path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000

    with page.expect_download() as graphml:
        page.locator("#chart-graphml").click()
    graphml_path = ARTIFACTS / "chart-export.graphml"
    graphml.value.save_as(graphml_path)
    graph = nx.read_graphml(graphml_path)
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert graph.number_of_nodes() == page.locator(".node-list input[type=checkbox]").count()
    assert LE_ENTITY in labels
    assert {label for label in labels if label.endswith(SECRET_SUBJECT.split()[-1])}
    assert graph.number_of_edges() > 0
    clean(session)


def test_area_picture_defaults_to_where_the_data_is(demo: Demo, tabs) -> None:
    session = tabs()
    session.sign_in(demo.keys["fusion-analyst"], "#area")
    page = session.page
    page.locator("#area-code").select_option("IL")
    with demo.client("fusion-analyst") as fusion:
        extent = fusion.get("/v1/areas/IL/extent").json()
    assert extent["reports"] > 0
    expect(page.get_by_test_id("area-extent")).to_contain_text(f"{extent['reports']} visible report(s)")
    # The window covers the area's data, so the picture counts every one of its reports.
    # (The picture's nexus search takes seconds on a busy machine.)
    counted = page.get_by_test_id("area-reports")
    expect(counted).to_contain_text(f"{extent['reports']} reports", timeout=90_000)
    expect(page.locator("#area-until")).to_have_value(re.compile(r"^2026-0[6-7]-\d\d$"))
    rows = page.locator("table").filter(has_text="Activity by side and agency").locator("tbody tr")
    assert rows.count() >= 1
    assert "None" not in rows.first.inner_text()
    session.screenshot("area-picture")
    clean(session)


def test_candidates_are_compared_and_confirmed(demo: Demo, tabs) -> None:
    session = tabs()
    session.sign_in(demo.keys["fusion-analyst"], "#candidates")
    page = session.page
    note = "Same date of birth in both reports"
    first = page.locator(".candidate").first
    expect(first).to_be_visible()
    a, b = first.get_attribute("data-a"), first.get_attribute("data-b")
    first.get_by_role("button", name="Compare side by side").click()
    expect(first.locator(".compare .side")).to_have_count(2)
    session.screenshot("candidates")
    first.get_by_label("Note").fill(note)
    first.get_by_role("button", name="Confirm: same entity").click()
    expect(first).to_contain_text("confirmed by")
    with demo.client("fusion-analyst") as fusion:
        confirmed = fusion.get("/v1/candidates", params={"status": "confirmed", "entity": a}).json()["items"]
    assert any({c["a"], c["b"]} == {a, b} and c["note"] == note for c in confirmed)
    clean(session)


# ---------------------------------------------------------------- need-to-know


def assert_never_shown(session: Session, name: str) -> None:
    """`name` is in neither the page's DOM nor any response the page received."""
    assert name not in session.page.content()
    surname = name.split()[-1]
    for url, body in session.recorded.bodies():
        assert name.encode() not in body, url
        assert surname.encode() not in body, url


def test_le_analyst_never_sees_the_secret_subject(demo: Demo, tabs) -> None:
    ingest_held_back(demo)  # a no-op when the alert board's test has already
    session = tabs()
    session.sign_in(demo.keys["le-analyst"], "#investigate")
    page = session.page
    page.locator("#search-q").fill(SECRET_SUBJECT)
    page.locator("#search-q").press("Enter")
    expect(page.locator(".results")).to_contain_text("No entity matches.")
    page.locator("#search-q").fill(LE_ENTITY)
    page.locator("#search-q").press("Enter")
    page.locator(".hit").filter(has_text=LE_ENTITY).first.click()
    expect(page.locator("#profile-name")).to_have_text(LE_ENTITY)
    expect(page.get_by_test_id("profile")).to_contain_text(HELD_BACK)
    expect(page.get_by_test_id("profile")).not_to_contain_text(SECRET_REPORT)
    expect(page.locator(".node-list li").first).to_be_visible()
    boxes = page.locator(".node-list input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.locator("#chart-expand").click()
    expect(page.locator(".chart-status")).not_to_contain_text("Expanding", timeout=90_000)
    expect(page.locator(".chart-status")).to_contain_text("entities on the chart")
    page.get_by_role("link", name="Area picture").click()
    page.locator("#area-code").select_option("IN")  # where the SECRET report was filed
    expect(page.get_by_test_id("area-reports")).to_be_visible(timeout=90_000)
    page.get_by_role("link", name="Candidates").click()
    expect(page.locator(".candidates")).to_contain_text("candidate(s)")
    session.screenshot("le-analyst")
    assert_never_shown(session, SECRET_SUBJECT)
    clean(session)


def test_sign_out_forgets_the_credential(demo: Demo, tabs) -> None:
    session = tabs()
    key = demo.keys["fusion-analyst"]
    session.sign_in(key, "#investigate")
    page = session.page
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]
    assert key not in page.content()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#credential")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()
    page.goto(f"{session.url}/console/#investigate")
    expect(page.locator("#credential")).to_be_visible()  # a reload does not sign back in
    page.locator("#credential").fill("nxs_not_a_key")
    page.locator("#credential").press("Enter")
    expect(page.get_by_role("alert")).to_have_text("That key or token was refused.")
    session.recorded.errors = [e for e in session.recorded.errors if "401" not in e]
    clean(session)


# ---------------------------------------------------------------- docs, offline


def test_api_docs_render_with_local_assets_only(demo: Demo, tabs) -> None:
    session = tabs()
    page = session.page
    page.goto(f"{session.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Nexus")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    session.screenshot("docs-swagger")
    page.goto(f"{session.url}/redoc")
    expect(page.locator("h1").first).to_contain_text("Nexus")
    expect(page.get_by_text("/v1/entities").first).to_be_attached()
    session.screenshot("docs-redoc")
    clean(session)


def test_console_headers_forbid_other_origins(demo: Demo) -> None:
    page = httpx.get(f"{demo.url}/console/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "connect-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert page.headers["cache-control"] == "no-store"
    bare = httpx.get(f"{demo.url}/console")
    assert bare.status_code in {307, 308}
    assert bare.headers["location"].endswith("/console/")
