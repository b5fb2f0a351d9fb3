"""Partner-feed readers against the field's own parsers, on the same file.

    python -m bench.feeds_bench --objects 10000 --attributes 1000

STIX: a generated bundle of `--objects` objects (actors with aliases, identities, places,
addresses, domains, indicators, malware, relationships between them, all TLP:GREEN) read
by `read_stix` (every object validated by stix2, mapped, accounted for) against one
`stix2.parse` of the whole bundle. MISP: one event of `--attributes` attributes read by
`read_misp` against `MISPEvent.load`. Each side runs `--rounds` times, interleaved; the
medians are reported, as objects per second and as the ratio raw / ours (the share of
the raw parser's speed that the reader keeps). The reader alone is timed: extraction and
the graph write are the ingest benchmark's business.

    python -m bench.feeds_bench --taxii 10000

TAXII end to end, instead of the readers: `--taxii` objects (the same generated bundle)
polled from a real TAXII 2.1 server into the graph. Set-up, not timed: a medallion server
(the OASIS reference server, memory backend, one writable collection, user and password)
started on a free loopback port, the bundle published to it, the store opened with the
settings from the environment (starting the local Neo4j of NEXUS_VAR_DIR if needed),
migrated and wiped, the feed added, the extractor built. Timed: `poll()` from its call to
its return, i.e. every page downloaded, the bundle read, extracted and written, the last
batch committed and the cursor moved; then a second poll right after, which finds nothing
new (the cost of an idle poll). For each poll: objects, pages, records, what was rejected,
skipped and unchanged, seconds, objects per second, and the CPU seconds medallion, this
process and the local Neo4j spent meanwhile (where the time went). medallion is stopped
at the end; the Neo4j is left running, as by `python -m bench`. medallion's memory backend
filters and sorts a collection with a pass over all of it for each object, quadratic in
the collection's size: at 10,000 objects its first page, and its answer to an idle poll,
take minutes of its CPU, which `cpu_s.medallion` keeps apart from Nexus's own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
import stix2
from pymisp import MISPEvent
from taxii2client.v21 import Collection

from bench.__main__ import write_result
from bench.machine import facts
from graph_service import neo4j_local
from graph_service.runtime import open_store
from graph_service.settings import get_settings
from graph_service.store import migrate
from ingest.extract import Extractor
from ingest.readers import FeedOptions
from ingest.readers.jsonl import read_json
from ingest.readers.stix import read_stix
from ingest.taxii import Feed, PollResult, add_feed, get_feed, poll

TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TIME = "2024-05-01T12:00:00.000Z"
COLLECTION = "5f0c8f4e-2b7a-4d1e-9c3a-6a1b2c3d4e5f"
USER, PASSWORD = "nexus-bench", "bench-feed-password"  # of the loopback server the bench starts
PASSWORD_ENV = "NEXUS_BENCH_TAXII_PASSWORD"
STIX_ID = re.compile(r"[a-z0-9-]+--[0-9a-f-]{36}")


def stix_bundle(n: int, seed: int) -> bytes:
    """A bundle of `n` objects: 60% entities or software, 40% relationships among them."""
    rng = random.Random(seed)
    ids = iter(uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n + 1))
    objects: list[dict[str, Any]] = []
    things: list[str] = []
    common = {"spec_version": "2.1", "created": TIME, "modified": TIME,
              "object_marking_refs": [TLP_GREEN]}
    while len(objects) < int(n * 0.6):
        i, kind = len(objects), rng.choice(["threat-actor", "identity", "location", "ipv4-addr",
                                            "domain-name", "indicator", "malware"])
        obj: dict[str, Any] = {"type": kind, "id": f"{kind}--{next(ids)}"}
        if kind == "threat-actor":
            obj |= common | {"name": f"Actor {i}", "aliases": [f"Group {i}", f"Team {i}"]}
        elif kind == "identity":
            obj |= common | {"name": f"Org {i}", "identity_class": "organization"}
        elif kind == "location":
            obj |= common | {"name": f"Place {i}", "country": "US"}
        elif kind == "ipv4-addr":
            obj |= {"spec_version": "2.1", "value": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
                    "object_marking_refs": [TLP_GREEN]}
        elif kind == "domain-name":
            obj |= {"spec_version": "2.1", "value": f"host{i}.example.com",
                    "object_marking_refs": [TLP_GREEN]}
        elif kind == "indicator":
            obj |= common | {"pattern": f"[domain-name:value = 'c2-{i}.example.net']",
                             "pattern_type": "stix", "valid_from": TIME}
        else:
            obj |= common | {"name": f"Implant {i}", "is_family": True}
        objects.append(obj)
        things.append(obj["id"])
    while len(objects) < n:
        source, target = rng.sample(things, 2)
        objects.append({"type": "relationship", "id": f"relationship--{next(ids)}", **common,
                        "relationship_type": rng.choice(["uses", "targets", "related-to",
                                                         "located-at", "attributed-to"]),
                        "source_ref": source, "target_ref": target})
    bundle = {"type": "bundle", "id": f"bundle--{next(ids)}", "objects": objects}
    return json.dumps(bundle).encode()


def misp_event(n: int, seed: int) -> bytes:
    """One MISP event of `n` attributes of common types, TLP:GREEN."""
    rng = random.Random(seed)
    attributes = []
    for i in range(n):
        kind = rng.choice(["ip-dst", "domain", "email-src", "btc", "md5", "url"])
        value = {
            "ip-dst": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
            "domain": f"host{i}.example.com", "email-src": f"user{i}@example.com",
            "btc": "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "md5": f"{rng.getrandbits(128):032x}",
            "url": f"https://host{i}.example.com/p",
        }[kind]
        attributes.append({"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                           "type": kind, "category": "Network activity", "value": value,
                           "to_ids": True, "timestamp": "1714564800"})
    event = {"Event": {"uuid": str(uuid.UUID(int=seed, version=4)), "info": "Benchmark event",
                       "date": "2024-05-01", "timestamp": "1714564800", "distribution": "1",
                       "threat_level_id": "2", "analysis": "2",
                       "Orgc": {"name": "CIRCL"}, "Tag": [{"name": "tlp:green"}],
                       "Attribute": attributes}}
    return json.dumps(event).encode()


def seconds(work: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return times


def compare(raw: Callable[[], object], ours: Callable[[], object], items: int,
            rounds: int) -> dict[str, Any]:
    """Both sides `rounds` times, taking turns, after one untimed round each (first calls
    load lazily built tables: phone metadata, the public suffix list); medians, objects/s
    and raw/ours."""
    raw()
    ours()
    raw_s: list[float] = []
    ours_s: list[float] = []
    for _ in range(rounds):
        raw_s += seconds(raw, 1)
        ours_s += seconds(ours, 1)
    raw_m, ours_m = statistics.median(raw_s), statistics.median(ours_s)
    return {"items": items, "raw_s": round(raw_m, 3), "ours_s": round(ours_m, 3),
            "raw_per_s": round(items / raw_m), "ours_per_s": round(items / ours_m),
            "ratio_of_raw": round(raw_m / ours_m, 3), "rounds_raw_s": raw_s,
            "rounds_ours_s": ours_s}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def medallion(workdir: Path, page_size: int, max_bytes: int) -> Iterator[tuple[str, psutil.Process]]:
    """A medallion server on a free loopback port with one empty, writable collection
    (memory backend, pages of at most `page_size` objects, requests of up to `max_bytes`):
    the collection's URL and the server's process, stopped on exit."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data = {
        "/discovery": {"title": "Bench TAXII", "default": f"{base}/api1/",
                       "api_roots": [f"{base}/api1/"]},
        "api1": {
            "information": {"title": "api1", "versions": ["application/taxii+json;version=2.1"],
                            "max_content_length": max_bytes},
            "status": [],
            "collections": [{"id": COLLECTION, "title": "Bench feed", "can_read": True,
                             "can_write": True, "media_types": ["application/stix+json;version=2.1"],
                             "objects": [], "manifest": []}],
        },
    }
    (workdir / "data.json").write_text(json.dumps(data))
    config = {"backend": {"module": "medallion.backends.memory_backend",
                          "module_class": "MemoryBackend", "filename": str(workdir / "data.json")},
              "users": {USER: PASSWORD}, "taxii": {"max_page_size": page_size}}
    (workdir / "config.json").write_text(json.dumps(config))
    log_path = workdir / "medallion.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "medallion"), "--host", "127.0.0.1", "--port",
             str(port), str(workdir / "config.json")], stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"medallion exited: {log_path.read_text()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"medallion did not start; see {log_path}") from None
                    time.sleep(0.2)
            yield f"{base}/api1/collections/{COLLECTION}/", psutil.Process(server.pid)
        finally:
            server.terminate()
            server.wait(10)


def publish(url: str, bundle: bytes) -> None:
    """Add the bundle's objects to the collection, as a partner would."""
    collection = Collection(url, user=USER, password=PASSWORD)
    try:
        status = collection.add_objects(bundle.decode(), wait_for_completion=True)
    finally:
        collection.close()
    if status.failure_count or status.success_count != len(json.loads(bundle)["objects"]):
        raise RuntimeError(f"publishing failed: {status.failure_count} failures, "
                           f"{status.success_count} successes")


def _cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _skips_by_reason(skipped: Counter[tuple[str, str]]) -> dict[str, int]:
    """Skips counted by object type and reason, the STIX ids a reason names left out."""
    by_reason: Counter[str] = Counter()
    for (kind, reason), n in skipped.items():
        by_reason[f"{kind}: {STIX_ID.sub('<id>', reason)}"] += n
    return dict(sorted(by_reason.items()))


def timed_poll(poll_once: Callable[[], PollResult],
               processes: dict[str, psutil.Process]) -> dict[str, Any]:
    """One poll, timed from call to return, with what it read and wrote and the CPU
    seconds each of `processes` spent meanwhile."""
    cpu_before = {name: _cpu_s(p) for name, p in processes.items()}
    began = time.perf_counter()
    result = poll_once()
    took = time.perf_counter() - began
    account, summary = result.account, result.summary
    return {
        "objects": result.objects, "pages": result.pages,
        "records": account.records.total(), "written": summary.ingested,
        "unchanged": summary.unchanged, "rejected": account.rejected,
        "skipped": account.skipped.total(),
        "skipped_by_reason": _skips_by_reason(account.skipped),
        "graph": {"entities": summary.entities, "mentions": summary.mentions,
                  "relations": summary.relations, "candidates": summary.candidates},
        "seconds": round(took, 2), "objects_per_s": round(result.objects / took, 1),
        "cpu_s": {name: round(_cpu_s(p) - cpu_before[name], 2) for name, p in processes.items()},
    }


def taxii_end_to_end(n: int, seed: int, per_page: int) -> dict[str, Any]:
    """Publish `n` generated objects to a medallion server and time a full, then an idle,
    poll of it into the emptied graph (see the module docstring)."""
    bundle = stix_bundle(n, seed)
    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="taxii-bench-") as workdir, \
            medallion(Path(workdir), per_page, 2 * len(bundle)) as (url, server):
        publish(url, bundle)
        store = open_store(settings)
        try:
            migrate(store)
            store.run_batched("wipe_data", {})
            os.environ[PASSWORD_ENV] = PASSWORD
            add_feed(store, Feed("bench", url, user=USER, password_env=PASSWORD_ENV,
                                 per_page=per_page, max_objects=n))
            extractor = Extractor(settings.spacy_model, batch_size=settings.extract_batch_size)
            processes = {"medallion": server, "bench": psutil.Process()}
            if local := neo4j_local.status(settings.neo4j_home):
                processes["neo4j"] = psutil.Process(local.pid)

            def poll_once() -> PollResult:
                return poll(store, get_feed(store, "bench"), extractor,
                            batch_size=settings.write_batch_size)

            return {"full_poll": timed_poll(poll_once, processes),
                    "idle_poll": timed_poll(poll_once, processes),
                    "per_page": per_page, "write_batch": settings.write_batch_size}
        finally:
            store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--attributes", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--taxii", type=int, metavar="N",
                        help="instead: poll N objects from a TAXII server into the graph")
    parser.add_argument("--per-page", type=int, default=500,
                        help="objects per TAXII page (with --taxii; a feed's default)")
    args = parser.parse_args(argv)
    if args.taxii:
        taxii = taxii_end_to_end(args.taxii, args.seed, args.per_page)
        path = write_result(f"taxii-{args.taxii}", {
            "figures": taxii, "machine": facts(), "seed": args.seed, "objects": args.taxii})
        print(json.dumps(taxii, indent=2))
        print(f"written to {path}")
        return
    bundle = stix_bundle(args.objects, args.seed)
    event = misp_event(args.attributes, args.seed)
    feed = FeedOptions()

    def raw_stix() -> object:
        return stix2.parse(bundle.decode(), allow_custom=True)

    def ours_stix() -> object:
        return list(read_stix(bundle, source="bench.stix.json", feed=feed))

    def raw_misp() -> object:
        loaded = MISPEvent()
        loaded.load(event.decode())
        return loaded

    def ours_misp() -> object:
        return list(read_json(event, source="bench-event.json", feed=feed))

    figures = {
        "stix": compare(raw_stix, ours_stix, args.objects, args.rounds),
        "misp": compare(raw_misp, ours_misp, args.attributes, args.rounds),
    }
    result = {"figures": figures, "machine": facts(), "seed": args.seed,
              "objects": args.objects, "attributes": args.attributes}
    path = write_result(f"feeds-{args.objects}", result)
    print(json.dumps(figures, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
