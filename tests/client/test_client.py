"""The client over the live test server: every /v1 operation, pages, errors, async."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from graph_service.api.picture_schemas import NationalPicturePublic
from graph_service.api.routes.audit import AuditRecordPublic, AuditVerification
from graph_service.api.routes.ingest import JobPublic, JobSummary
from graph_service.api.schemas import (
    AreaExtentPublic,
    AreaPublic,
    CandidatePublic,
    EntityHitPublic,
    JudgementPublic,
    NexusPublic,
    TimelineItemPublic,
    WatchPublic,
)
from graph_service.client import (
    AreaPicture,
    AsyncNexus,
    Forbidden,
    Neighbourhood,
    Nexus,
    NotFound,
    Paths,
    Profile,
    Timeout,
    Unauthorized,
    ValidationFailed,
)
from tests.api.conftest import Analysts
from tests.client.conftest import ALERT_METHODS, SLOW_MACHINE_TIMEOUT, Recording, client_operations
from tests.queries import scenario as sc

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def test_every_v1_operation_of_the_openapi_document_has_a_client_method(api) -> None:
    document = httpx.get(f"{api.url}/openapi.json", timeout=30).json()
    served = {
        (method.upper(), path)
        for path, item in document["paths"].items() if path.startswith("/v1/")
        for method in item if method in HTTP_METHODS
    }
    for cls in (Nexus, AsyncNexus):
        covered = client_operations(cls)
        assert served - covered.keys() == set(), f"{cls.__name__} lacks a method for these"
        assert covered.keys() - served == set(), f"{cls.__name__} calls operations the API lacks"


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$")


def test_each_method_calls_its_operation_and_returns_the_api_model(
    scenario_api: Analysts, auditor_key: str
) -> None:
    """Every method once, against the scenario; each sends exactly the requests of the
    operation it is declared to call, and answers with the API's own model."""
    window = {"since": datetime(2025, 1, 1, tzinfo=UTC), "until": datetime(2025, 7, 1, tzinfo=UTC)}
    record = {"id": "CL-1", "agency": "Test PD", "side": "LE", "marking": "UNCLASSIFIED",
              "reported_at": "2025-06-20T10:00:00Z", "text": "Officers met Wanda Client in Austin."}
    calls: dict[str, tuple[str, Callable[[Nexus], object], type]] = {
        "me": ("both", lambda n: n.me(), object),
        "search": ("both", lambda n: n.search("Daniel Reyes").to_list(), EntityHitPublic),
        "profile": ("both", lambda n: n.profile(sc.D), Profile),
        "timeline": ("both", lambda n: n.timeline(sc.D).to_list(), TimelineItemPublic),
        "neighbourhood": ("both", lambda n: n.neighbourhood(sc.D, hops=2), Neighbourhood),
        "paths": ("both", lambda n: n.paths(sc.D, sc.T, k=2, as_of=sc.AS_OF), Paths),
        "nexus": ("both", lambda n: n.nexus(entity=sc.D, as_of=sc.AS_OF).to_list(), NexusPublic),
        "areas": ("both", lambda n: n.areas(limit=50).to_list(), AreaPublic),
        "area_picture": ("both", lambda n: n.area_picture("TX", **window), AreaPicture),
        "candidates": ("both", lambda n: n.candidates().to_list(), CandidatePublic),
        "judge": ("both", lambda n: n.judge(sc.MO, sc.MU, "rejected", note="different men"), JudgementPublic),
        "watchlist": ("admin", lambda n: n.watchlist().to_list(), WatchPublic),
        "watch": ("admin", lambda n: n.watch(key=sc.D, reason="client test", marking="SECRET//NOFORN"),
                  WatchPublic),
        "unwatch": ("admin", lambda n: n.unwatch(sc.D), type(None)),
        "export_neighbourhood": ("both", lambda n: n.export_neighbourhood(sc.D, format="gexf"), bytes),
        "export_paths": ("both", lambda n: n.export_paths(sc.D, sc.T, as_of=sc.AS_OF), bytes),
        "export_nexus": ("both", lambda n: n.export_nexus(entity=sc.D, format="json"), bytes),
        "ingest_records": ("feed", lambda n: n.ingest_records([record]), JobPublic),
        "ingest_file": ("feed", lambda n: n.ingest_file(sc_file(n)), JobPublic),
        "ingest_stix": ("feed", lambda n: n.ingest_stix(STIX), JobPublic),
        "wait": ("feed", lambda n: n.wait(n.ingest_records([record]), progress=False, deadline=300),
                 JobPublic),
        "job": ("feed", lambda n: n.job(n.ingest_records([record]).id), JobPublic),
        "jobs": ("feed", lambda n: n.jobs(limit=2, max_items=3).to_list(), JobSummary),
        "area_extent": ("both", lambda n: n.area_extent("TX"), AreaExtentPublic),
        "picture": ("both", lambda n: n.picture(**window), NationalPicturePublic),
        "picture_stream": ("both", lambda n: n.picture_stream(max_events=1, timeout=300).to_list(),
                           NationalPicturePublic),
        "export_stix_neighbourhood": ("both", lambda n: n.export_stix_neighbourhood(sc.D), bytes),
        "export_stix_paths": ("both", lambda n: n.export_stix_paths(sc.D, sc.T, as_of=sc.AS_OF), bytes),
        "export_stix_nexus": ("both", lambda n: n.export_stix_nexus(entity=sc.D, as_of=sc.AS_OF), bytes),
        "audit": ("auditor", lambda n: n.audit(limit=5, max_items=12).to_list(), AuditRecordPublic),
        "verify_audit": ("auditor", lambda n: n.verify_audit(), AuditVerification),
    }
    # The alert methods are called once each in test_alerts.py, on a server that raises alerts.
    assert set(calls) == {m for ms in client_operations(Nexus).values() for m in ms} - ALERT_METHODS
    keys = {**scenario_api.keys, "auditor": auditor_key}
    answers = {}
    for name, (who, call, expected) in calls.items():
        transport = Recording()
        with Nexus(scenario_api.url, api_key=keys[who], transport=transport,
                   timeout=SLOW_MACHINE_TIMEOUT) as nexus:
            answer = call(nexus)
        operation = getattr(Nexus, name).operation
        assert transport.requests, name
        own = [r for r in transport.requests if r[0] == operation.method
               and _template(operation.path).match(r[1])]
        assert own, f"{name} did not call {operation}: {transport.requests}"
        items = answer if isinstance(answer, list) else [answer]
        assert items, f"{name} answered nothing"
        assert all(isinstance(item, expected) for item in items), name
        answers[name] = answer
    assert answers["search"][0].key == sc.D
    assert answers["nexus"][0].other == sc.T
    assert [n.key for n in answers["paths"].paths[0].nodes] == [sc.D, sc.Q, sc.T]
    assert answers["export_neighbourhood"].startswith(b"<?xml")
    assert b"gexf" in answers["export_neighbourhood"]
    assert answers["wait"].finished_at is not None
    assert answers["wait"].ingested + answers["wait"].unchanged == 1
    assert answers["judge"].verdict == "rejected"
    assert len(answers["audit"]) == 12
    assert len(answers["jobs"]) == 3
    assert answers["area_extent"].reports > 0
    for name in ("export_stix_neighbourhood", "export_stix_paths", "export_stix_nexus"):
        assert json.loads(answers[name])["type"] == "bundle", name


STIX = {
    "type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
    "objects": [{
        "type": "report", "spec_version": "2.1", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
        "created": "2025-06-21T10:00:00.000Z", "modified": "2025-06-21T10:00:00.000Z",
        "name": "Client bundle", "published": "2025-06-21T10:00:00.000Z",
        "description": "Analysts saw Wanda Client in Austin.", "object_refs": [],
    }],
}


def sc_file(nexus: Nexus) -> str:
    """A CSV file of one record (written next to the test's temporary files)."""
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "reports.csv"
    path.write_text("id,agency,side,marking,reported_at,text\n"
                    "CL-2,Test PD,LE,UNCLASSIFIED,2025-06-20T10:00:00Z,Wanda Client was seen in Austin.\n")
    return str(path)


def test_pages_add_up_to_the_total_and_the_cap_stops_the_iteration(as_) -> None:
    public = as_("public")
    everything = public.search("Bystander", limit=2)
    keys = [hit.key for hit in everything]
    assert everything.total == len(keys) == len(set(keys)) == 5
    assert not everything.capped
    assert [len(page.items) for page in everything.pages()] == [2, 2, 1]
    assert [hit.key for hit in everything] == keys  # iterated again from the kept pages
    within = public.search("Bystander", limit=5, max_items=3)  # one page of five, three kept
    assert len(within.to_list()) == 3
    assert within.capped
    capped = public.search("Bystander", limit=2, max_items=3)
    assert len(capped.to_list()) == 3
    assert capped.capped
    assert capped.total == 5
    areas = public.areas(limit=17)
    assert len(areas.to_list()) == areas.total


def test_error_answers_raise_their_exception_with_the_problem_fields(as_, scenario_api: Analysts) -> None:
    stranger = Nexus(scenario_api.url, api_key="nxs_not-a-key", timeout=SLOW_MACHINE_TIMEOUT)
    with stranger, pytest.raises(Unauthorized) as e401:
        stranger.me()
    assert (e401.value.status, e401.value.title, e401.value.instance) == (401, "Unauthorized", "/v1/me")
    with pytest.raises(Forbidden) as e403:
        as_("feed").search("Daniel").to_list()
    assert e403.value.status == 403
    assert e403.value.instance == "/v1/entities"
    with pytest.raises(NotFound) as e404:
        as_("les").profile("person:nobody-at-all")
    assert e404.value.detail == "no such object"
    assert e404.value.status == 404
    with pytest.raises(NotFound):  # hidden from a viewer without SECRET: the same 404
        as_("les").profile(sc.T)
    with pytest.raises(ValidationFailed) as e422:
        as_("les").search("a", limit=101).to_list()
    assert e422.value.fields == ["query.limit"]
    assert e422.value.detail == "invalid: query.limit"
    with pytest.raises(ValidationFailed) as same_ends:
        as_("les").paths(sc.D, sc.D)
    assert same_ends.value.fields == ["query.target"]


def test_a_call_past_its_timeout_raises_timeout(as_) -> None:
    with pytest.raises(Timeout):
        as_("top").neighbourhood(sc.D, hops=3, max_nodes=500, timeout=0.0005)


def test_the_async_client_answers_as_the_sync_one(scenario_api: Analysts) -> None:
    async def run() -> tuple[list[str], int | None, list[str], list[str]]:
        async with AsyncNexus(scenario_api.url, api_key=scenario_api.keys["both"],
                              timeout=SLOW_MACHINE_TIMEOUT) as nexus:
            listing = nexus.search("Bystander", limit=2)
            keys = [hit.key async for hit in listing]
            total = await listing.total()
            found = nexus.nexus(entity=sc.D, as_of=sc.AS_OF)
            first = [n.key for n in (await found.to_list())[0].path.nodes]
            graph = await found.to_networkx()
            return keys, total, first, sorted(graph.nodes)

    keys, total, first, nodes = asyncio.run(run())
    with Nexus(scenario_api.url, api_key=scenario_api.keys["both"], timeout=SLOW_MACHINE_TIMEOUT) as nexus:
        assert keys == [hit.key for hit in nexus.search("Bystander", limit=2)]
        assert sorted(nexus.nexus(entity=sc.D, as_of=sc.AS_OF).to_networkx().nodes) == nodes
    assert total == len(keys) == 5
    assert first == [sc.D, sc.Q, sc.T]
