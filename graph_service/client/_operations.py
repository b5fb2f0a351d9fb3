"""The request builder of every `/v1` operation, in the order of the API's routers.

Each builder takes the operation's parameters with the API's names and defaults (None
leaves a parameter to the service's default) plus `timeout` (seconds, for this call) and,
for lists, `max_items` (the cap on items an iteration fetches across pages). Answers are
read into the API's own response models (`graph_service.api.schemas` and the routes'
models), or into subclasses of them in `results` that add conversions and no fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import httpx

from graph_service.api.alert_schemas import (
    AlertPublic,
    DeliveryPublic,
    RuleName,
    StateName,
    SubscriptionCreate,
    SubscriptionFilters,
    SubscriptionPublic,
)
from graph_service.api.picture_schemas import NationalPicturePublic
from graph_service.api.routes.audit import AuditPage, AuditRecordPublic, AuditVerification
from graph_service.api.routes.ingest import JobPage, JobPublic, JobSummary
from graph_service.api.routes.me import MePublic
from graph_service.api.schemas import (
    AreaExtentPublic,
    AreaPublic,
    CandidatePublic,
    EntityHitPublic,
    JudgementPublic,
    NexusPage,
    NexusPublic,
    Page,
    TimelineItemPublic,
    WatchPublic,
)
from graph_service.client._call import Call, ListCall, Operation, model, models, nothing, query, raw
from graph_service.client.results import AreaPicture, Neighbourhood, Paths, Profile
from graph_service.client.stream import StreamCall

DEFAULT_MAX_ITEMS = 10_000
"""Most items one iteration of a list fetches, page after page, unless asked otherwise."""

ExportFormat = Literal["graphml", "gexf", "json"]
Verdict = Literal["confirmed", "rejected"]
When = datetime | str | None

ME = Operation("GET", "/v1/me")
AUDIT = Operation("GET", "/v1/audit")
AUDIT_VERIFY = Operation("GET", "/v1/audit/verify")
INGEST = Operation("POST", "/v1/ingest")
JOB = Operation("GET", "/v1/jobs/{job_id}")
SEARCH = Operation("GET", "/v1/entities")
TIMELINE = Operation("GET", "/v1/entities/{key}/timeline")
NEIGHBOURHOOD = Operation("GET", "/v1/entities/{key}/neighbourhood")
PROFILE = Operation("GET", "/v1/entities/{key}")
PATHS = Operation("GET", "/v1/paths")
NEXUS = Operation("GET", "/v1/nexus")
AREAS = Operation("GET", "/v1/areas")
AREA_PICTURE = Operation("GET", "/v1/areas/{code}/picture")
CANDIDATES = Operation("GET", "/v1/candidates")
JUDGE = Operation("POST", "/v1/judgements")
WATCHLIST = Operation("GET", "/v1/watchlist")
WATCH = Operation("POST", "/v1/watchlist")
UNWATCH = Operation("DELETE", "/v1/watchlist/{key}")
EXPORT_NEIGHBOURHOOD = Operation("GET", "/v1/exports/neighbourhood/{key}")
EXPORT_PATHS = Operation("GET", "/v1/exports/paths")
EXPORT_NEXUS = Operation("GET", "/v1/exports/nexus")
AREA_EXTENT = Operation("GET", "/v1/areas/{code}/extent")
PICTURE = Operation("GET", "/v1/picture")
PICTURE_STREAM = Operation("GET", "/v1/picture/stream")
JOBS = Operation("GET", "/v1/jobs")
EXPORT_STIX_NEIGHBOURHOOD = Operation("GET", "/v1/exports/stix/neighbourhood/{key}")
EXPORT_STIX_PATHS = Operation("GET", "/v1/exports/stix/paths")
EXPORT_STIX_NEXUS = Operation("GET", "/v1/exports/stix/nexus")
ALERTS = Operation("GET", "/v1/alerts")
ALERT = Operation("GET", "/v1/alerts/{id}")
ACKNOWLEDGE = Operation("POST", "/v1/alerts/{id}/acknowledge")
CLOSE = Operation("POST", "/v1/alerts/{id}/close")
ALERT_STREAM = Operation("GET", "/v1/alerts/stream")
SUBSCRIBE = Operation("POST", "/v1/subscriptions")
SUBSCRIPTIONS = Operation("GET", "/v1/subscriptions")
UNSUBSCRIBE = Operation("DELETE", "/v1/subscriptions/{id}")
ROTATE = Operation("POST", "/v1/subscriptions/{id}/rotate")
DEAD_LETTERS = Operation("GET", "/v1/subscriptions/{id}/dead-letters")
REPLAY = Operation("POST", "/v1/subscriptions/{id}/dead-letters/replay")

# Media types of an ingest body, by file suffix (what `POST /v1/ingest` reads).
MEDIA_TYPES = {".json": "application/json", ".jsonl": "application/x-ndjson", ".csv": "text/csv"}


def _when(value: When) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


# ---------------------------------------------------------------- who am I, audit


@ME.builds
def me(*, timeout: float | None = None) -> Call[MePublic]:
    """The caller: id, roles, clearance banner, and how many tokens it holds."""
    return Call(ME, ME.url(), model(MePublic), timeout=timeout)


@AUDIT.builds
def audit(
    *, since: When = None, until: When = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[AuditRecordPublic]:
    """Audit records in a time window, oldest first (auditors)."""
    params = query({"since": _when(since), "until": _when(until), "limit": limit})
    return ListCall(Call(AUDIT, AUDIT.url(), model(AuditPage), params, timeout=timeout), max_items)


@AUDIT_VERIFY.builds
def verify_audit(*, timeout: float | None = None) -> Call[AuditVerification]:
    """Verify the audit chain and its signed checkpoints (auditors)."""
    return Call(AUDIT_VERIFY, AUDIT_VERIFY.url(), model(AuditVerification), timeout=timeout)


# ---------------------------------------------------------------- ingest


@INGEST.builds
def ingest(body: bytes, media_type: str, *, timeout: float | None = None) -> Call[JobPublic]:
    """Queue a body of reports (JSON record or array, STIX bundle, JSONL or CSV)."""
    return Call(
        INGEST, INGEST.url(), model(JobPublic), content=body, headers={"Content-Type": media_type},
        timeout=timeout,
    )


def records_body(records: Iterable[Mapping[str, Any]]) -> bytes:
    """Report records as one JSONL body (one record per line)."""
    return b"".join(json.dumps(dict(r), default=str).encode("utf-8") + b"\n" for r in records)


def bundle_body(bundle: Mapping[str, Any]) -> bytes:
    """A STIX bundle (or any one JSON document) as a JSON body."""
    return json.dumps(dict(bundle), default=str).encode("utf-8")


@JOB.builds
def job(job_id: str, *, timeout: float | None = None) -> Call[JobPublic]:
    """Progress and per-record errors of a job the caller submitted."""
    return Call(JOB, JOB.url(job_id=job_id), model(JobPublic), timeout=timeout)


# ---------------------------------------------------------------- entities


@SEARCH.builds
def search(
    q: str, *, kind: Sequence[str] | None = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[EntityHitPublic]:
    """Entities by name, alias or identifier value, best match first."""
    params = query({"q": q, "kind": kind, "limit": limit})
    return ListCall(
        Call(SEARCH, SEARCH.url(), model(Page[EntityHitPublic]), params, timeout=timeout), max_items
    )


@PROFILE.builds
def profile(key: str, *, timeout: float | None = None) -> Call[Profile]:
    """Names, identifiers, counts, dates, newest reports, areas and links of an entity."""
    return Call(PROFILE, PROFILE.url(key=key), model(Profile), timeout=timeout)


@TIMELINE.builds
def timeline(
    key: str, *, since: When = None, until: When = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[TimelineItemPublic]:
    """The visible reports mentioning an entity, oldest first."""
    params = query({"since": _when(since), "until": _when(until), "limit": limit})
    return ListCall(
        Call(TIMELINE, TIMELINE.url(key=key), model(Page[TimelineItemPublic]), params, timeout=timeout),
        max_items,
    )


def _neighbourhood_params(
    hops: int | None, kind: Sequence[str] | None, relation: Sequence[str] | None, since: When,
    until: When, max_nodes: int | None, include_hubs: bool | None,
) -> dict[str, Any]:
    return {
        "hops": hops, "kind": kind, "relation": relation, "since": _when(since),
        "until": _when(until), "max_nodes": max_nodes, "include_hubs": include_hubs,
    }


@NEIGHBOURHOOD.builds
def neighbourhood(
    key: str, *, hops: int | None = None, kind: Sequence[str] | None = None,
    relation: Sequence[str] | None = None, since: When = None, until: When = None,
    max_nodes: int | None = None, include_hubs: bool | None = None, timeout: float | None = None,
) -> Call[Neighbourhood]:
    """The entities within `hops` of an entity and the visible links among them."""
    params = query(_neighbourhood_params(hops, kind, relation, since, until, max_nodes, include_hubs))
    return Call(NEIGHBOURHOOD, NEIGHBOURHOOD.url(key=key), model(Neighbourhood), params, timeout=timeout)


# ---------------------------------------------------------------- paths and nexus


def _path_params(
    source: str, target: str, k: int | None, max_hops: int | None, include_hubs: bool | None,
    as_of: When,
) -> dict[str, Any]:
    return {"source": source, "target": target, "k": k, "max_hops": max_hops,
            "include_hubs": include_hubs, "as_of": _when(as_of)}


@PATHS.builds
def paths(
    source: str, target: str, *, k: int | None = None, max_hops: int | None = None,
    include_hubs: bool | None = None, as_of: When = None, timeout: float | None = None,
) -> Call[Paths]:
    """The k shortest paths from `source` to `target`, each hop with its evidence."""
    params = query(_path_params(source, target, k, max_hops, include_hubs, as_of))
    return Call(PATHS, PATHS.url(), model(Paths), params, timeout=timeout)


def _nexus_params(
    entity: str | None, report: str | None, area: str | None, since: When, until: When,
    max_hops: int | None, include_hubs: bool | None, as_of: When, limit: int | None,
) -> dict[str, Any]:
    return {"entity": entity, "report": report, "area": area, "since": _when(since),
            "until": _when(until), "max_hops": max_hops, "include_hubs": include_hubs,
            "as_of": _when(as_of), "limit": limit}


@NEXUS.builds
def nexus(
    *, entity: str | None = None, report: str | None = None, area: str | None = None,
    since: When = None, until: When = None, max_hops: int | None = None,
    include_hubs: bool | None = None, as_of: When = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[NexusPublic]:
    """Ranked nexus paths from an entity, a report, or an area in a window (one of the
    three), each hop with its evidence; the first page may carry pointers."""
    params = query(_nexus_params(entity, report, area, since, until, max_hops, include_hubs, as_of, limit))
    return ListCall(Call(NEXUS, NEXUS.url(), model(NexusPage), params, timeout=timeout), max_items)


# ---------------------------------------------------------------- areas


@AREAS.builds
def areas(
    *, limit: int | None = None, max_items: int | None = DEFAULT_MAX_ITEMS,
    timeout: float | None = None,
) -> ListCall[AreaPublic]:
    """States, DC, territories and major urban areas."""
    return ListCall(
        Call(AREAS, AREAS.url(), model(Page[AreaPublic]), query({"limit": limit}), timeout=timeout),
        max_items,
    )


@AREA_PICTURE.builds
def area_picture(
    code: str, *, since: When = None, until: When = None, top: int | None = None,
    max_hops: int | None = None, include_hubs: bool | None = None, as_of: When = None,
    timeout: float | None = None,
) -> Call[AreaPicture]:
    """An area's activity by side and agency, new and changed entities, top nexus results
    and open alerts, in a window (30 days by default)."""
    params = query({"since": _when(since), "until": _when(until), "top": top, "max_hops": max_hops,
                    "include_hubs": include_hubs, "as_of": _when(as_of)})
    return Call(AREA_PICTURE, AREA_PICTURE.url(code=code), model(AreaPicture), params, timeout=timeout)


# ---------------------------------------------------------------- judgements


@CANDIDATES.builds
def candidates(
    *, entity: str | None = None, status: str | None = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[CandidatePublic]:
    """Resolution candidates, highest score first, of one entity or status if given."""
    params = query({"entity": entity, "status": status, "limit": limit})
    return ListCall(
        Call(CANDIDATES, CANDIDATES.url(), model(Page[CandidatePublic]), params, timeout=timeout),
        max_items,
    )


@JUDGE.builds
def judge(
    a: str, b: str, verdict: Verdict, *, note: str | None = None, timeout: float | None = None
) -> Call[JudgementPublic]:
    """Confirm or reject the candidate between `a` and `b`; judging again replaces it."""
    body = {"a": a, "b": b, "verdict": verdict, "note": note}
    return Call(JUDGE, JUDGE.url(), model(JudgementPublic), json=body, timeout=timeout)


# ---------------------------------------------------------------- watchlist


@WATCHLIST.builds
def watchlist(
    *, limit: int | None = None, max_items: int | None = DEFAULT_MAX_ITEMS,
    timeout: float | None = None,
) -> ListCall[WatchPublic]:
    """The watchlist entries the caller may see, newest first."""
    return ListCall(
        Call(WATCHLIST, WATCHLIST.url(), model(Page[WatchPublic]), query({"limit": limit}),
             timeout=timeout),
        max_items,
    )


@WATCH.builds
def watch(
    *, reason: str, marking: str, key: str | None = None, kind: str | None = None,
    value: str | None = None, timeout: float | None = None,
) -> Call[WatchPublic]:
    """Watch an entity, by `key` or by `kind` and `value` (watchlist admins)."""
    body = {"key": key, "kind": kind, "value": value, "reason": reason, "marking": marking}
    body = {name: v for name, v in body.items() if v is not None}
    return Call(WATCH, WATCH.url(), model(WatchPublic), json=body, timeout=timeout)


@UNWATCH.builds
def unwatch(key: str, *, timeout: float | None = None) -> Call[None]:
    """Remove the caller's visible watchlist entries of an entity (watchlist admins)."""
    return Call(UNWATCH, UNWATCH.url(key=key), nothing, timeout=timeout)


# ---------------------------------------------------------------- exports


@EXPORT_NEIGHBOURHOOD.builds
def export_neighbourhood(
    key: str, *, format: ExportFormat = "graphml", hops: int | None = None,
    kind: Sequence[str] | None = None, relation: Sequence[str] | None = None, since: When = None,
    until: When = None, max_nodes: int | None = None, include_hubs: bool | None = None,
    timeout: float | None = None,
) -> Call[bytes]:
    """An entity's neighbourhood as a GraphML, GEXF or node-link JSON file, made by the
    service."""
    params = query({**_neighbourhood_params(hops, kind, relation, since, until, max_nodes, include_hubs),
                    "format": format})
    return Call(EXPORT_NEIGHBOURHOOD, EXPORT_NEIGHBOURHOOD.url(key=key), raw, params, timeout=timeout)


@EXPORT_PATHS.builds
def export_paths(
    source: str, target: str, *, format: ExportFormat = "graphml", k: int | None = None,
    max_hops: int | None = None, include_hubs: bool | None = None, as_of: When = None,
    timeout: float | None = None,
) -> Call[bytes]:
    """The union of the paths between two entities as a file, made by the service."""
    params = query({**_path_params(source, target, k, max_hops, include_hubs, as_of), "format": format})
    return Call(EXPORT_PATHS, EXPORT_PATHS.url(), raw, params, timeout=timeout)


@EXPORT_NEXUS.builds
def export_nexus(
    *, format: ExportFormat = "graphml", entity: str | None = None,
    report: str | None = None, area: str | None = None, since: When = None, until: When = None,
    max_hops: int | None = None, include_hubs: bool | None = None, as_of: When = None,
    limit: int | None = None, cursor: str | None = None, timeout: float | None = None,
) -> Call[bytes]:
    """One page of nexus paths (same parameters as `nexus`) as a file, made by the service."""
    params = query({**_nexus_params(entity, report, area, since, until, max_hops, include_hubs, as_of,
                                    limit), "cursor": cursor, "format": format})
    return Call(EXPORT_NEXUS, EXPORT_NEXUS.url(), raw, params, timeout=timeout)


# ---------------------------------------------------------------- alerts


@ALERTS.builds
def alerts(
    *, state: StateName | None = None, rule: RuleName | None = None, area: str | None = None,
    subject: str | None = None, since: When = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[AlertPublic]:
    """The caller's alerts, most recently updated first, of one state, rule, area or
    subject if given."""
    params = query({"state": state, "rule": rule, "area": area, "subject": subject,
                    "since": _when(since), "limit": limit})
    return ListCall(
        Call(ALERTS, ALERTS.url(), model(Page[AlertPublic]), params, timeout=timeout), max_items
    )


@ALERT.builds
def alert(id: str, *, timeout: float | None = None) -> Call[AlertPublic]:
    """One alert with its full explanation (NotFound for hidden and missing alike)."""
    return Call(ALERT, ALERT.url(id=id), model(AlertPublic), timeout=timeout)


@ACKNOWLEDGE.builds
def acknowledge(id: str, *, note: str | None = None, timeout: float | None = None) -> Call[AlertPublic]:
    """Acknowledge a new alert (a 409 `ProblemError` when it is not new)."""
    return Call(ACKNOWLEDGE, ACKNOWLEDGE.url(id=id), model(AlertPublic), json={"note": note},
                timeout=timeout)


@CLOSE.builds
def close_alert(id: str, note: str, *, timeout: float | None = None) -> Call[AlertPublic]:
    """Close an alert with a note saying why (a 409 `ProblemError` when already closed)."""
    return Call(CLOSE, CLOSE.url(id=id), model(AlertPublic), json={"note": note}, timeout=timeout)


@ALERT_STREAM.builds
def alert_stream(
    *, last_event_id: str | None = None, max_events: int | None = None, timeout: float | None = None,
) -> StreamCall[AlertPublic]:
    """The caller's alerts as the service raises or moves them (server-sent events),
    after `last_event_id` if given; ends after `max_events` alerts or `timeout` seconds,
    whichever comes first (never, without either: break out of the loop or `close()`)."""
    return StreamCall(ALERT_STREAM, ALERT_STREAM.url(), "alert", AlertPublic, last_event_id, max_events,
                      timeout)


# ---------------------------------------------------------------- webhook subscriptions


@SUBSCRIBE.builds
def subscribe(
    url: str, *, rules: Sequence[RuleName] | None = None, areas: Sequence[str] | None = None,
    min_score: float | None = None, timeout: float | None = None,
) -> Call[SubscriptionPublic]:
    """Subscribe a webhook (on the service's allow-list) to the caller's alerts, of any of
    `rules`, any of `areas`, at least `min_score`; the answer holds its secret, once."""
    filters = SubscriptionFilters(
        rules=None if rules is None else list(rules), areas=None if areas is None else list(areas),
        min_score=min_score,
    )
    body = SubscriptionCreate.model_validate({"url": url, "filters": filters}).model_dump(mode="json")
    return Call(SUBSCRIBE, SUBSCRIBE.url(), model(SubscriptionPublic), json=body, timeout=timeout)


@SUBSCRIPTIONS.builds
def subscriptions(*, timeout: float | None = None) -> Call[list[SubscriptionPublic]]:
    """The caller's subscriptions (without their secrets)."""
    return Call(SUBSCRIPTIONS, SUBSCRIPTIONS.url(), models(SubscriptionPublic), timeout=timeout)


@UNSUBSCRIBE.builds
def unsubscribe(id: str, *, timeout: float | None = None) -> Call[None]:
    """Delete a subscription and its pending deliveries."""
    return Call(UNSUBSCRIBE, UNSUBSCRIBE.url(id=id), nothing, timeout=timeout)


@ROTATE.builds
def rotate_secret(id: str, *, timeout: float | None = None) -> Call[SubscriptionPublic]:
    """A new signing secret, returned once; the old one keeps signing for the overlap."""
    return Call(ROTATE, ROTATE.url(id=id), model(SubscriptionPublic), timeout=timeout)


@DEAD_LETTERS.builds
def dead_letters(id: str, *, timeout: float | None = None) -> Call[list[DeliveryPublic]]:
    """The subscription's deliveries that failed every attempt, newest first."""
    return Call(DEAD_LETTERS, DEAD_LETTERS.url(id=id), models(DeliveryPublic), timeout=timeout)


def _replayed(response: httpx.Response) -> int:
    return int(response.json()["replayed"])


@REPLAY.builds
def replay_dead_letters(id: str, *, timeout: float | None = None) -> Call[int]:
    """Put the subscription's dead letters back in the outbox (same webhook ids); how
    many were."""
    return Call(REPLAY, REPLAY.url(id=id), _replayed, timeout=timeout)


# ---------------------------------------------------------------- jobs, extents, the picture, STIX


@JOBS.builds
def jobs(
    *, state: Literal["queued", "running", "done", "failed"] | None = None, limit: int | None = None,
    max_items: int | None = DEFAULT_MAX_ITEMS, timeout: float | None = None,
) -> ListCall[JobSummary]:
    """The caller's ingest jobs, newest first (an auditor's: everyone's)."""
    params = query({"state": state, "limit": limit})
    return ListCall(Call(JOBS, JOBS.url(), model(JobPage), params, timeout=timeout), max_items)


@AREA_EXTENT.builds
def area_extent(code: str, *, timeout: float | None = None) -> Call[AreaExtentPublic]:
    """How many visible reports an area has, and the dates of the oldest and newest."""
    return Call(AREA_EXTENT, AREA_EXTENT.url(code=code), model(AreaExtentPublic), timeout=timeout)


@PICTURE.builds
def picture(
    *, since: When = None, until: When = None, as_of: When = None, timeout: float | None = None,
) -> Call[NationalPicturePublic]:
    """Every area at once: reports by side in the window and the one before, new nexus
    links, open alerts (default window: the 30 days up to the newest visible report)."""
    params = query({"since": _when(since), "until": _when(until), "as_of": _when(as_of)})
    return Call(PICTURE, PICTURE.url(), model(NationalPicturePublic), params, timeout=timeout)


@PICTURE_STREAM.builds
def picture_stream(
    *, area: str | None = None, days: int | None = None, max_events: int | None = None,
    timeout: float | None = None,
) -> StreamCall[NationalPicturePublic]:
    """The national picture (or the `area`'s line) of the last `days` days, first at once,
    then whenever it changes; stops as `alert_stream` does."""
    return StreamCall(PICTURE_STREAM, PICTURE_STREAM.url(), "picture", NationalPicturePublic, None,
                      max_events, timeout, query({"area": area, "days": days}))


@EXPORT_STIX_NEIGHBOURHOOD.builds
def export_stix_neighbourhood(
    key: str, *, hops: int | None = None, kind: Sequence[str] | None = None,
    relation: Sequence[str] | None = None, since: When = None, until: When = None,
    max_nodes: int | None = None, include_hubs: bool | None = None, timeout: float | None = None,
) -> Call[bytes]:
    """An entity's neighbourhood as a STIX 2.1 bundle, each object marked by its evidence."""
    params = query(_neighbourhood_params(hops, kind, relation, since, until, max_nodes, include_hubs))
    return Call(EXPORT_STIX_NEIGHBOURHOOD, EXPORT_STIX_NEIGHBOURHOOD.url(key=key), raw, params,
                timeout=timeout)


@EXPORT_STIX_PATHS.builds
def export_stix_paths(
    source: str, target: str, *, k: int | None = None, max_hops: int | None = None,
    include_hubs: bool | None = None, as_of: When = None, timeout: float | None = None,
) -> Call[bytes]:
    """The paths between two entities as a STIX 2.1 bundle."""
    params = query(_path_params(source, target, k, max_hops, include_hubs, as_of))
    return Call(EXPORT_STIX_PATHS, EXPORT_STIX_PATHS.url(), raw, params, timeout=timeout)


@EXPORT_STIX_NEXUS.builds
def export_stix_nexus(
    *, entity: str | None = None, report: str | None = None, area: str | None = None,
    since: When = None, until: When = None, max_hops: int | None = None,
    include_hubs: bool | None = None, as_of: When = None, limit: int | None = None,
    cursor: str | None = None, timeout: float | None = None,
) -> Call[bytes]:
    """One page of nexus paths (same parameters as `nexus`) as a STIX 2.1 bundle."""
    params = query({**_nexus_params(entity, report, area, since, until, max_hops, include_hubs, as_of,
                                    limit), "cursor": cursor})
    return Call(EXPORT_STIX_NEXUS, EXPORT_STIX_NEXUS.url(), raw, params, timeout=timeout)
