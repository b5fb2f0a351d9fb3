"""`Nexus` and `AsyncNexus`: typed clients of the `/v1` API.

    from graph_service.client import Nexus
    with Nexus("http://127.0.0.1:8000", api_key="nxs_...") as nexus:
        found = nexus.nexus(report="RPT-0000224-166599")
        found.to_dataframe(); found.to_networkx()

Credentials: an API key (`X-API-Key`) or an OIDC bearer token, or `NEXUS_KEY` from the
environment; the service URL defaults to `NEXUS_URL`, else http://127.0.0.1:8000; the
timeout of a call to `NEXUS_TIMEOUT`, else 30 s. Every method takes `timeout=` (seconds,
this call only); lists take `max_items=`, the cap on what iterating them fetches. Errors
raise the tree in `errors`; retries follow `Retry`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Self

import httpx
from tqdm.std import tqdm

from graph_service.api.routes.ingest import JobPublic
from graph_service.client import _operations as ops
from graph_service.client._call import Call, R
from graph_service.client._methods import (
    alert_listing,
    async_alert_listing,
    async_endpoint,
    async_listing,
    async_nexus_listing,
    async_streaming,
    endpoint,
    listing,
    nexus_listing,
    streaming,
    uses,
)
from graph_service.client._transport import Retry, send, send_async
from graph_service.client.errors import NexusError

__all__ = ["AsyncNexus", "Nexus"]

DEFAULT_URL = "http://127.0.0.1:8000"


def _headers(api_key: str | None, token: str | None) -> dict[str, str]:
    """The credential header; the service refuses a request that carries two."""
    if api_key is not None and token is not None:
        raise ValueError("give an API key or a bearer token, not both")
    if token is not None:
        return {"Authorization": f"Bearer {token}"}
    api_key = api_key if api_key is not None else os.environ.get("NEXUS_KEY")
    return {"X-API-Key": api_key} if api_key else {}


def _timeout(timeout: float | None) -> float:
    """The default seconds of a call: given, else `NEXUS_TIMEOUT`, else 30."""
    return timeout if timeout is not None else float(os.environ.get("NEXUS_TIMEOUT", "30"))


def _body_of(path: Path) -> tuple[bytes, str]:
    """A report file's bytes and the media type the service reads it as."""
    media = ops.MEDIA_TYPES.get(path.suffix.lower())
    if media is None:
        raise ValueError(f"{path}: send .json, .jsonl or .csv (plain text goes through `nexus ingest`)")
    return path.read_bytes(), media


def _finished(job: JobPublic) -> bool:
    return job.finished_at is not None


class _Progress:
    """A text progress bar of a job (tqdm's plain one: it renders in a notebook's output
    and in a terminal alike, without widgets)."""

    def __init__(self, job: JobPublic, show: bool) -> None:
        self._bar = tqdm(total=job.total, desc=job.id, unit="report", file=sys.stderr, disable=not show)

    def update(self, job: JobPublic) -> None:
        self._bar.total = job.total
        self._bar.n = job.processed
        self._bar.set_postfix(state=job.state, ingested=job.ingested, rejected=job.rejected)

    def close(self) -> None:
        self._bar.close()


class Nexus:
    """The sync client. One connection pool; close it (or use `with`) when done."""

    def __init__(
        self, url: str | None = None, *, api_key: str | None = None, token: str | None = None,
        timeout: float | None = None, retry: Retry | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url or os.environ.get("NEXUS_URL", DEFAULT_URL)
        self.retry = retry or Retry()
        self._http = httpx.Client(
            base_url=self.url, headers=_headers(api_key, token), timeout=_timeout(timeout),
            transport=transport,
        )

    def _send(self, call: Call[R]) -> R:
        return send(self._http, call, self.retry)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Each is the builder of the same name in `_operations` (its docstring, parameters).
    me = endpoint(ops.me)
    search = listing(ops.search)
    profile = endpoint(ops.profile)
    timeline = listing(ops.timeline)
    neighbourhood = endpoint(ops.neighbourhood)
    paths = endpoint(ops.paths)
    nexus = nexus_listing(ops.nexus)
    areas = listing(ops.areas)
    area_picture = endpoint(ops.area_picture)
    candidates = listing(ops.candidates)
    judge = endpoint(ops.judge)
    watchlist = listing(ops.watchlist)
    watch = endpoint(ops.watch)
    unwatch = endpoint(ops.unwatch)
    export_neighbourhood = endpoint(ops.export_neighbourhood)
    export_paths = endpoint(ops.export_paths)
    export_nexus = endpoint(ops.export_nexus)
    job = endpoint(ops.job)
    audit = listing(ops.audit)
    verify_audit = endpoint(ops.verify_audit)
    alerts = alert_listing(ops.alerts)
    alert = endpoint(ops.alert)
    acknowledge = endpoint(ops.acknowledge)
    close_alert = endpoint(ops.close_alert)
    alert_stream = streaming(ops.alert_stream)
    jobs = listing(ops.jobs)
    area_extent = endpoint(ops.area_extent)
    picture = endpoint(ops.picture)
    picture_stream = streaming(ops.picture_stream)
    export_stix_neighbourhood = endpoint(ops.export_stix_neighbourhood)
    export_stix_paths = endpoint(ops.export_stix_paths)
    export_stix_nexus = endpoint(ops.export_stix_nexus)
    subscribe = endpoint(ops.subscribe)
    subscriptions = endpoint(ops.subscriptions)
    unsubscribe = endpoint(ops.unsubscribe)
    rotate_secret = endpoint(ops.rotate_secret)
    dead_letters = endpoint(ops.dead_letters)
    replay_dead_letters = endpoint(ops.replay_dead_letters)

    @uses(ops.INGEST)
    def ingest_records(
        self, records: Iterable[Mapping[str, Any]], *, wait: bool = False, progress: bool = True,
        timeout: float | None = None,
    ) -> JobPublic:
        """Queue report records (dicts with the record fields) as one job; with `wait`,
        return once it has finished."""
        return self._ingest(ops.records_body(records), "application/x-ndjson", wait, progress, timeout)

    @uses(ops.INGEST)
    def ingest_file(
        self, path: str | Path, *, wait: bool = False, progress: bool = True, timeout: float | None = None
    ) -> JobPublic:
        """Queue a .json, .jsonl or .csv file of reports (or a STIX bundle in .json)."""
        body, media = _body_of(Path(path))
        return self._ingest(body, media, wait, progress, timeout)

    @uses(ops.INGEST)
    def ingest_stix(
        self, bundle: Mapping[str, Any], *, wait: bool = False, progress: bool = True,
        timeout: float | None = None,
    ) -> JobPublic:
        """Queue a STIX 2.1 bundle (its reports and notes become reports)."""
        return self._ingest(ops.bundle_body(bundle), "application/json", wait, progress, timeout)

    def _ingest(
        self, body: bytes, media: str, wait: bool, progress: bool, timeout: float | None
    ) -> JobPublic:
        job = self._send(ops.ingest(body, media, timeout=timeout))
        return self.wait(job, progress=progress) if wait else job

    @uses(ops.JOB)
    def wait(
        self, job: JobPublic | str, *, progress: bool = True, poll: float = 0.5,
        deadline: float | None = None,
    ) -> JobPublic:
        """Poll a job until it has finished, with a progress bar unless `progress=False`;
        `deadline` (seconds) raises `NexusError` if it has not finished by then."""
        current = self.job(job) if isinstance(job, str) else job
        end = None if deadline is None else time.monotonic() + deadline
        bar = _Progress(current, progress)
        try:
            while not _finished(current):
                bar.update(current)
                if end is not None and time.monotonic() > end:
                    raise NexusError(f"job {current.id} has not finished after {deadline} s")
                time.sleep(poll)
                current = self.job(current.id)
            bar.update(current)
        finally:
            bar.close()
        return current


class AsyncNexus:
    """The async client (for asyncio code and notebooks' top-level `await`)."""

    def __init__(
        self, url: str | None = None, *, api_key: str | None = None, token: str | None = None,
        timeout: float | None = None, retry: Retry | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.url = url or os.environ.get("NEXUS_URL", DEFAULT_URL)
        self.retry = retry or Retry()
        self._http = httpx.AsyncClient(
            base_url=self.url, headers=_headers(api_key, token), timeout=_timeout(timeout),
            transport=transport,
        )

    async def _send(self, call: Call[R]) -> R:
        return await send_async(self._http, call, self.retry)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    me = async_endpoint(ops.me)
    search = async_listing(ops.search)
    profile = async_endpoint(ops.profile)
    timeline = async_listing(ops.timeline)
    neighbourhood = async_endpoint(ops.neighbourhood)
    paths = async_endpoint(ops.paths)
    nexus = async_nexus_listing(ops.nexus)
    areas = async_listing(ops.areas)
    area_picture = async_endpoint(ops.area_picture)
    candidates = async_listing(ops.candidates)
    judge = async_endpoint(ops.judge)
    watchlist = async_listing(ops.watchlist)
    watch = async_endpoint(ops.watch)
    unwatch = async_endpoint(ops.unwatch)
    export_neighbourhood = async_endpoint(ops.export_neighbourhood)
    export_paths = async_endpoint(ops.export_paths)
    export_nexus = async_endpoint(ops.export_nexus)
    job = async_endpoint(ops.job)
    audit = async_listing(ops.audit)
    verify_audit = async_endpoint(ops.verify_audit)
    alerts = async_alert_listing(ops.alerts)
    alert = async_endpoint(ops.alert)
    acknowledge = async_endpoint(ops.acknowledge)
    close_alert = async_endpoint(ops.close_alert)
    alert_stream = async_streaming(ops.alert_stream)
    jobs = async_listing(ops.jobs)
    area_extent = async_endpoint(ops.area_extent)
    picture = async_endpoint(ops.picture)
    picture_stream = async_streaming(ops.picture_stream)
    export_stix_neighbourhood = async_endpoint(ops.export_stix_neighbourhood)
    export_stix_paths = async_endpoint(ops.export_stix_paths)
    export_stix_nexus = async_endpoint(ops.export_stix_nexus)
    subscribe = async_endpoint(ops.subscribe)
    subscriptions = async_endpoint(ops.subscriptions)
    unsubscribe = async_endpoint(ops.unsubscribe)
    rotate_secret = async_endpoint(ops.rotate_secret)
    dead_letters = async_endpoint(ops.dead_letters)
    replay_dead_letters = async_endpoint(ops.replay_dead_letters)

    @uses(ops.INGEST)
    async def ingest_records(
        self, records: Iterable[Mapping[str, Any]], *, wait: bool = False, timeout: float | None = None
    ) -> JobPublic:
        """Queue report records as one job; with `wait`, return once it has finished."""
        job = await self._send(ops.ingest(ops.records_body(records), "application/x-ndjson", timeout=timeout))
        return await self.wait(job) if wait else job

    @uses(ops.INGEST)
    async def ingest_file(
        self, path: str | Path, *, wait: bool = False, timeout: float | None = None
    ) -> JobPublic:
        """Queue a .json, .jsonl or .csv file of reports (or a STIX bundle in .json)."""
        body, media = _body_of(Path(path))
        job = await self._send(ops.ingest(body, media, timeout=timeout))
        return await self.wait(job) if wait else job

    @uses(ops.INGEST)
    async def ingest_stix(
        self, bundle: Mapping[str, Any], *, wait: bool = False, timeout: float | None = None
    ) -> JobPublic:
        """Queue a STIX 2.1 bundle."""
        job = await self._send(ops.ingest(ops.bundle_body(bundle), "application/json", timeout=timeout))
        return await self.wait(job) if wait else job

    @uses(ops.JOB)
    async def wait(
        self, job: JobPublic | str, *, poll: float = 0.5, deadline: float | None = None
    ) -> JobPublic:
        """Poll a job until it has finished; `deadline` (seconds) raises `NexusError`."""
        current = await self.job(job) if isinstance(job, str) else job
        end = None if deadline is None else time.monotonic() + deadline
        while not _finished(current):
            if end is not None and time.monotonic() > end:
                raise NexusError(f"job {current.id} has not finished after {deadline} s")
            await asyncio.sleep(poll)
            current = await self.job(current.id)
        return current
