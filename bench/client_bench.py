"""Client benchmark: what the typed client costs over raw httpx on the same calls, and
`.to_networkx()` plus centralities on the largest 2-hop neighbourhood the API gives.

Against a running service (`NEXUS_URL`, `NEXUS_KEY` of an analyst cleared for the data,
as `make notebook` or `nexus demo --keys-file` provide): for each call, the raw side is
`httpx.Client.get(...)` plus `.json()` (a dict, nothing validated), the client side the
`Nexus` method returning the API's pydantic models (validated). The two sides take turns
call by call, so the machine's drift falls on both. Because a round trip's time swings
with the server's load, `decode` also times the client's own work alone on the same
answer bytes: `json.loads` against the response model's `model_validate_json`. The busy
entity is the one with the most visible reports among the top search hits for its name.

    python -m bench.client_bench --rounds 30 --label sample
    python -m bench.client_bench --rounds 30 --label sample-wide --entity phone:+18005550100 \
        --hops 3 --include-hubs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from bench.machine import facts
from graph_service.api.schemas import EntityHitPublic, NexusPage, Page
from graph_service.client import Neighbourhood, Nexus, Profile, centralities, communities

RESULTS = Path(__file__).resolve().parent / "results"


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered) * 1000, 2),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 2)}


def _timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def busiest(nexus: Nexus, names: list[str]) -> str:
    """The key of the entity with the most visible reports among the hits for `names`."""
    hits = [hit for name in names for hit in nexus.search(name, limit=5, max_items=5)]
    return max(hits, key=lambda hit: (hit.reports, hit.key)).key


def overhead(nexus: Nexus, raw: httpx.Client, key: str, report: str, rounds: int) -> dict[str, Any]:
    """p50/p95 of each call through raw httpx and through the client, and their ratio."""
    path = quote(key, safe="")
    calls: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "search": (lambda: raw.get("/v1/entities", params={"q": "a"}).json(),
                   lambda: nexus.search("a", max_items=20).first_page()),
        "profile": (lambda: raw.get(f"/v1/entities/{path}").json(), lambda: nexus.profile(key)),
        "neighbourhood": (lambda: raw.get(f"/v1/entities/{path}/neighbourhood").json(),
                          lambda: nexus.neighbourhood(key)),
        "nexus": (lambda: raw.get("/v1/nexus", params={"report": report}).json(),
                  lambda: nexus.nexus(report=report).first_page()),
    }
    out: dict[str, Any] = {}
    for name, (plain, typed) in calls.items():
        plain(), typed()  # connections open, queries planned
        raw_s, client_s = [], []
        for _ in range(rounds):
            raw_s.append(_timed(plain))
            client_s.append(_timed(typed))
        raw_ms, client_ms = _ms(raw_s), _ms(client_s)
        out[name] = {"raw_httpx_ms": raw_ms, "client_ms": client_ms,
                     "ratio_p50": round(client_ms["p50"] / raw_ms["p50"], 3),
                     "ratio_p95": round(client_ms["p95"] / raw_ms["p95"], 3)}
    return out


def decode(raw: httpx.Client, key: str, report: str, rounds: int) -> dict[str, Any]:
    """Per answer: the time to read its bytes as a dict and as the client's model."""
    path = quote(key, safe="")
    answers: dict[str, tuple[str, dict[str, Any], type[BaseModel]]] = {
        "search": ("/v1/entities", {"q": "a"}, Page[EntityHitPublic]),
        "profile": (f"/v1/entities/{path}", {}, Profile),
        "neighbourhood": (f"/v1/entities/{path}/neighbourhood", {}, Neighbourhood),
        "nexus": ("/v1/nexus", {"report": report}, NexusPage),
    }
    out: dict[str, Any] = {}
    for name, (url, params, model) in answers.items():
        body = raw.get(url, params=params).content
        plain = [_timed(partial(json.loads, body)) for _ in range(rounds)]
        typed = [_timed(partial(model.model_validate_json, body)) for _ in range(rounds)]
        out[name] = {"bytes": len(body), "json_loads_ms": _ms(plain), "model_ms": _ms(typed)}
    return out


def graph_analytics(nexus: Nexus, key: str, hops: int, hubs: bool, rounds: int) -> dict[str, Any]:
    """Fetch the neighbourhood of `key` at the API's node cap, then time `.to_networkx()`
    and centralities + communities on it."""
    sub = nexus.neighbourhood(key, hops=hops, max_nodes=500, include_hubs=hubs)
    convert, measure = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        graph = sub.to_networkx()
        convert.append(time.perf_counter() - began)
        began = time.perf_counter()
        centralities(graph)
        communities(graph)
        measure.append(time.perf_counter() - began)
    return {"entity": key, "hops": hops, "include_hubs": hubs, "nodes": len(sub.nodes),
            "edges": len(sub.edges), "truncated": sub.truncated, "to_networkx_ms": _ms(convert),
            "centralities_and_communities_ms": _ms(measure)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--label", default="sample", help="names the result files")
    parser.add_argument("--names", nargs="*", default=["Houston", "Phoenix", "Los Angeles", "New York"],
                        help="where to look for a busy entity")
    parser.add_argument("--report", default="RPT-0000224-166599", help="the LE report of the nexus call")
    parser.add_argument("--entity", help="the busy entity (default: the busiest hit for --names)")
    parser.add_argument("--hops", type=int, default=2, help="neighbourhood depth for the graph timing")
    parser.add_argument("--include-hubs", action="store_true", help="let hubs bridge that neighbourhood")
    args = parser.parse_args(argv)
    url, key = os.environ.get("NEXUS_URL", "http://127.0.0.1:8000"), os.environ["NEXUS_KEY"]
    with Nexus(url, api_key=key) as nexus, httpx.Client(
        base_url=url, headers={"X-API-Key": key}, timeout=30
    ) as raw:
        entity = args.entity or busiest(nexus, args.names)
        result = {
            "label": args.label, "rounds": args.rounds, "machine": facts(),
            "overhead": overhead(nexus, raw, entity, args.report, args.rounds),
            "decode": decode(raw, entity, args.report, args.rounds * 10),
            "graph": graph_analytics(nexus, entity, args.hops, args.include_hubs, args.rounds),
        }
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"client-{args.label}.json"
    target.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
