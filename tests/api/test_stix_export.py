"""STIX export over HTTP: a neighbourhood as a bundle marked per object, filtered for the
caller, and a round trip (export, ingest into an empty graph) keeping entities and
relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_service.store import Store
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import Ledger, ReadRecord, read_path
from tests.api.conftest import Analysts
from tests.ingest.test_partner_stix import ACS, DISCO


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def land(store: Store, extractor: Extractor, path: Path) -> None:
    ledger = Ledger()
    results = list(ledger.watch(read_path(path, feed=ledger.feed(None))))
    ingest(store, [r for r in results if isinstance(r, ReadRecord)], extractor)


def graph(store: Store) -> tuple[set[str], set[tuple[str, str, str]]]:
    rows = store.read("test_related_edges", {"limit": 1000})
    entities = {str(r["key"]) for r in store.read(
        "bench_mentions", {"tokens": ["lvl:U", "lvl:C", "lvl:S", "cit:USA", "dissem:CUI"],
                           "limit": 10_000})}
    return entities, {(r["source"], r["kind"], r["target"]) for r in rows}


def test_a_neighbourhood_exports_marked_per_object_and_round_trips(
    empty_store: Store, extractor: Extractor, analysts: Analysts, tmp_path: Path
) -> None:
    land(empty_store, extractor, DISCO)
    actor = "organization:disco team threat actor"
    with analysts.client("public") as client:
        response = client.get(f"/v1/exports/stix/neighbourhood/{actor}", params={"hops": 2})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/stix+json")
    bundle = response.json()
    types = sorted({o["type"] for o in bundle["objects"]})
    assert {"identity", "location", "ipv4-addr", "relationship", "marking-definition"} <= set(types)
    assert all(o.get("object_marking_refs") for o in bundle["objects"]
               if o["type"] != "marking-definition")
    _, relations = graph(empty_store)

    # The round trip: the export alone, into an empty graph, gives back the entities and
    # the relations among them.
    empty_store.run_batched("wipe_data", {})
    path = tmp_path / "export.stix.json"
    path.write_text(json.dumps(bundle))
    land(empty_store, extractor, path)
    entities, again = graph(empty_store)
    assert {actor, "organization:disco team", "location:rome", "ipaddress:198.51.100.3",
            "organization:alpha threat analysis org"} <= entities
    assert {r for r in relations if r[0] in entities and r[2] in entities} == again
    assert (actor, "LOCATED_AT", "location:rome") in again


def test_the_export_holds_only_what_the_caller_may_see(
    empty_store: Store, extractor: Extractor, analysts: Analysts
) -> None:
    land(empty_store, extractor, ACS)
    with analysts.client("public") as client:
        public = client.get("/v1/exports/stix/neighbourhood/ipaddress:198.51.100.77").json()
    with analysts.client("secret") as client:
        secret = client.get("/v1/exports/stix/neighbourhood/ipaddress:198.51.100.77").json()
    public_text = json.dumps(public)
    assert "Crimson Osprey" not in public_text
    assert "SECRET" not in public_text
    assert {o["type"] for o in public["objects"]} == {"ipv4-addr", "marking-definition"}
    statements = {o["definition"]["statement"] for o in secret["objects"]
                  if o["type"] == "marking-definition"}
    assert statements == {"UNCLASSIFIED", "SECRET//NOFORN"}
    names = {o.get("name") for o in secret["objects"]}
    assert "Crimson Osprey" in names

