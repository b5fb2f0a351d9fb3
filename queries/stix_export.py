"""A subgraph returned to a viewer as a STIX 2.1 bundle for partners.

Entities become STIX objects (Person -> identity of class individual, Organization ->
identity of class organization, Location -> location, IpAddress -> ipv4-addr / ipv6-addr,
Domain -> domain-name, Email -> email-addr); kinds STIX has no object for (phones,
vehicles, accounts, documents, weapons, facilities) are left out and counted in
`x_nexus_left_out`. The stated relations among them that the viewer may see become
`relationship` objects, one per relation and supporting report, typed by the spec's name
or, for kinds the spec has none for (called, drove, sighted-at...), by our own. Every object carries the
marking of its evidence, as a statement marking definition holding the banner (which
`ingest.readers.stix` reads back): an entity the AND of the labels of the visible reports
that mention it, a relationship its report's label. Ids derive from keys, so the same
subgraph always exports to the same bundle, and a round trip (export, ingest into an empty
graph) gives back the same entities and relations.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from graph_service.domain import EntityKind, RelationKind
from graph_service.store import Store
from graph_service.visibility import Level, Marking, Viewer, combine
from queries.guard import breach, check_all, tokens
from queries.subgraph import EDGE_LIMIT, Subgraph

__all__ = ["stix_bundle"]

_NAMESPACE = uuid.UUID("8a1f6c52-51a4-5b2e-9d1e-3f0b7e4c2a10")
_TIME = "2020-01-01T00:00:00.000Z"  # the export states no time of its own
_LEVELS = {"lvl:U": Level.UNCLASSIFIED, "lvl:C": Level.CONFIDENTIAL, "lvl:S": Level.SECRET,
           "lvl:TS": Level.TOP_SECRET}
# The spec's names where a spec type states the relation; our own kind's name otherwise
# (a custom type, which ingest.readers.stix reads back as the same kind).
_RELATIONSHIP_TYPES: Mapping[str, str] = {
    RelationKind.MEMBER_OF: "member-of", RelationKind.TARGETS: "targets",
    RelationKind.USES: "uses", RelationKind.LOCATED_AT: "located-at",
    RelationKind.INDICATES: "indicates", RelationKind.COMMUNICATES_WITH: "communicates-with",
    RelationKind.RESOLVES_TO: "resolves-to", RelationKind.IMPERSONATES: "impersonates",
    RelationKind.COMPROMISES: "compromises", RelationKind.RELATED_TO: "related-to",
    RelationKind.OWNS: "owns",
}


def stix_bundle(store: Store, viewer: Viewer, sub: Subgraph,
                timeout_s: float | None = None) -> dict[str, Any]:
    """`sub` as a STIX bundle (a dict) for `viewer`, every object marked by its evidence."""
    keys = [node.key for node in sub.nodes]
    params = {"keys": keys, "tokens": tokens(viewer)}
    labels = {row["key"]: row for row in store.read("entity_labels", params, timeout_s)}
    relations = store.read("stix_relations", {**params, "limit": EDGE_LIMIT}, timeout_s)
    objects: dict[str, dict[str, Any]] = {}
    ids: dict[str, str] = {}
    left_out = 0
    for node in sub.nodes:
        row = labels.get(node.key)
        if row is None:
            breach(viewer, "stix export: an entity without visible evidence")
        check_all(viewer, row["labels"], "entity_labels")
        obj = _entity(node.key, EntityKind(row["kind"]), node.name)
        if obj is None:
            left_out += 1
            continue
        marking = _definition(row["labels"])
        objects.setdefault(marking["id"], marking)
        obj["object_marking_refs"] = [marking["id"]]
        objects[obj["id"]] = obj
        ids[node.key] = obj["id"]
    for rel in relations:
        check_all(viewer, [rel["vis"]], "stix_relations")
        source, target = ids.get(rel["source"]), ids.get(rel["target"])
        if source is None or target is None:
            continue  # an end STIX has no object for
        marking = _definition([rel["vis"]])
        objects.setdefault(marking["id"], marking)
        relationship_id = _id("relationship", f"{rel['source']}|{rel['kind']}|{rel['target']}"
                                              f"|{rel['report']}")
        objects[relationship_id] = {
            "type": "relationship", "spec_version": "2.1", "id": relationship_id,
            "created": _TIME, "modified": _TIME, "source_ref": source, "target_ref": target,
            "relationship_type": _RELATIONSHIP_TYPES.get(
                rel["kind"], str(rel["kind"]).lower().replace("_", "-")),
            "object_marking_refs": [marking["id"]],
        }
    return {"type": "bundle", "id": _id("bundle", "|".join(sorted(objects))),
            "objects": list(objects.values()), "x_nexus_left_out": left_out,
            "x_nexus_truncated": sub.truncated}


def _entity(key: str, kind: EntityKind, name: str) -> dict[str, Any] | None:
    common = {"spec_version": "2.1", "created": _TIME, "modified": _TIME}
    match kind:
        case EntityKind.PERSON | EntityKind.ORGANIZATION:
            cls = "individual" if kind is EntityKind.PERSON else "organization"
            return {"type": "identity", "id": _id("identity", key), **common, "name": name,
                    "identity_class": cls}
        case EntityKind.LOCATION:
            # STIX asks a location for a region, country or coordinates; we keep the name.
            return {"type": "location", "id": _id("location", key), **common, "name": name,
                    "region": "unknown"}
        case EntityKind.IP_ADDRESS | EntityKind.DOMAIN | EntityKind.EMAIL:
            stix_type = {EntityKind.DOMAIN: "domain-name", EntityKind.EMAIL: "email-addr"}.get(
                kind, "ipv6-addr" if ":" in name else "ipv4-addr")
            return {"type": stix_type, "spec_version": "2.1", "id": _id(stix_type, key),
                    "value": name}
    return None


def _definition(labels: Sequence[Sequence[str]]) -> dict[str, Any]:
    """A statement marking definition of the banner combining `labels`."""
    banner = combine(*(_marking(label) for label in labels)).banner()
    return {"type": "marking-definition", "spec_version": "2.1",
            "id": _id("marking-definition", banner), "created": _TIME,
            "definition_type": "statement", "definition": {"statement": banner}}


def _marking(label: Sequence[str]) -> Marking:
    """The marking a stored CNF label was compiled from (a classified label's cit:USA
    reads back as NOFORN, which admits exactly the same viewers)."""
    level = Level.UNCLASSIFIED
    compartments: set[str] = set()
    dissem: set[str] = set()
    rel_to: set[str] = set()
    for clause in label:
        terms = clause.split("|")
        if len(terms) == 1 and terms[0] in _LEVELS:
            level = max(level, _LEVELS[terms[0]])
        elif len(terms) == 1 and terms[0].startswith("sci:"):
            compartments.add(terms[0].removeprefix("sci:"))
        elif len(terms) == 1 and terms[0].startswith("dissem:"):
            dissem.add(terms[0].removeprefix("dissem:"))
        elif all(term.startswith("cit:") for term in terms):
            countries = {term.removeprefix("cit:") for term in terms}
            if countries == {"USA"}:
                dissem.add("NOFORN")
            else:
                rel_to |= countries
        else:
            raise ValueError(f"label clause {clause!r} is no marking of ours")
    return Marking(level, frozenset(compartments), frozenset(dissem), frozenset(rel_to))


def _id(stix_type: str, key: str) -> str:
    return f"{stix_type}--{uuid.uuid5(_NAMESPACE, f'{stix_type}:{key}')}"
