"""STIX export: a neighbourhood as a bundle marked per object and filtered for the viewer,
and a round trip (export, ingest into an empty graph) keeping entities and relations.

Queries are given a long timeout: on a machine shared by many test runs the first plan of
the neighbourhood query alone can pass the API's 10 s (seen at load average 30)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph_service.store import Store
from graph_service.visibility import Viewer
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import Ledger, ReadRecord, read_path
from queries.neighbourhood import neighbourhood
from queries.stix_export import stix_bundle
from tests.ingest.test_partner_stix import ACS, DISCO, PUBLIC, SECRET

SLOW = 300.0


def land(store: Store, extractor: Extractor, path: Path) -> None:
    ledger = Ledger()
    results = list(ledger.watch(read_path(path, feed=ledger.feed(None))))
    ingest(store, [r for r in results if isinstance(r, ReadRecord)], extractor)


def export(store: Store, viewer: Viewer, key: str, hops: int = 1) -> dict[str, Any]:
    sub = neighbourhood(store, viewer, key, hops=hops, timeout_s=SLOW)
    assert sub is not None
    return stix_bundle(store, viewer, sub, timeout_s=SLOW)


def graph(store: Store) -> tuple[set[str], set[tuple[str, str, str]]]:
    rows = store.read("test_related_edges", {"limit": 1000})
    entities = {str(r["key"]) for r in store.read(
        "bench_mentions", {"tokens": ["lvl:U", "lvl:C", "lvl:S", "cit:USA", "dissem:CUI"],
                           "limit": 10_000})}
    return entities, {(r["source"], r["kind"], r["target"]) for r in rows}


def test_a_neighbourhood_exports_marked_per_object_and_round_trips(
    empty_store: Store, extractor: Extractor, tmp_path: Path
) -> None:
    land(empty_store, extractor, DISCO)
    actor = "organization:disco team threat actor"
    bundle = export(empty_store, PUBLIC, actor, hops=2)
    types = {o["type"] for o in bundle["objects"]}
    assert {"identity", "location", "ipv4-addr", "relationship", "marking-definition"} <= types
    assert all(o.get("object_marking_refs") for o in bundle["objects"]
               if o["type"] != "marking-definition")
    _, relations = graph(empty_store)

    empty_store.run_batched("wipe_data", {})
    path = tmp_path / "export.stix.json"
    path.write_text(json.dumps(bundle))
    land(empty_store, extractor, path)
    entities, again = graph(empty_store)
    assert {actor, "organization:disco team", "location:rome", "ipaddress:198.51.100.3"} <= entities
    assert {r for r in relations if r[0] in entities and r[2] in entities} == again
    assert (actor, "LOCATED_AT", "location:rome") in again


def test_the_export_holds_only_what_the_viewer_may_see(
    empty_store: Store, extractor: Extractor
) -> None:
    land(empty_store, extractor, ACS)
    public = export(empty_store, PUBLIC, "ipaddress:198.51.100.77")
    secret = export(empty_store, SECRET, "ipaddress:198.51.100.77")
    assert "Crimson Osprey" not in json.dumps(public)
    assert "198.51.100.77" in {o.get("value") for o in public["objects"]}
    assert [o["definition"]["statement"] for o in public["objects"]
            if o["type"] == "marking-definition"] == ["UNCLASSIFIED"]
    assert not [o for o in public["objects"] if o["type"] == "relationship"]
    statements = {o["definition"]["statement"] for o in secret["objects"]
                  if o["type"] == "marking-definition"}
    assert statements == {"UNCLASSIFIED", "SECRET//NOFORN"}
    assert "Crimson Osprey" in {o.get("name") for o in secret["objects"]}
