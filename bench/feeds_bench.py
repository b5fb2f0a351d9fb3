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
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

import stix2
from pymisp import MISPEvent

from bench.__main__ import write_result
from bench.machine import facts
from ingest.readers import FeedOptions
from ingest.readers.jsonl import read_json
from ingest.readers.stix import read_stix

TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TIME = "2024-05-01T12:00:00.000Z"


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--attributes", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
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
