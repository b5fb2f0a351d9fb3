"""TAXII 2.1 feeds: partners' collections polled into the same ingest pipeline.

A feed is a collection URL, a user and the name of the environment variable that holds
its password (no secret is stored in the graph), the default marking the operator states
for its unmarked objects, an interval, a page size and a cap of objects per poll. Feeds
live in Neo4j (`:Feed`, migration 0016), so every API process and `nexus feeds poll` see
the same ones.

A poll (`poll`) asks for the objects added after where the feed last stopped
(`added_after`), follows the server's `next` pages with `taxii2client.as_pages`, reads
everything it got as one bundle (so that a relationship on page 2 finds its ends on page
1) through the STIX reader, runs the ingest pipeline on it, and only then records where it
stopped: the server's `X-TAXII-Date-Added-Last` of the last page. Invariants:

- accepted means durable: the cursor moves only after the write committed, so a poll
  killed half-way is simply repeated from the old cursor next time;
- no duplicates: a repeated object has the same record id and content hash, which the
  pipeline counts as unchanged, and the next poll asks only for what came after;
- a poll reads at most `max_objects`; the rest comes with the next poll. A relationship
  whose ends came in an earlier poll is skipped with that reason (its ends are not in the
  bundle), as the STIX reader documents.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
from taxii2client.v21 import Collection, as_pages

from graph_service.store import Store, StoreError
from ingest.errors import IngestError
from ingest.extract import Extractor
from ingest.pipeline import IngestSummary, ingest
from ingest.readers import FileAccount, Ledger
from ingest.readers.stix import read_bundle

log = logging.getLogger(__name__)
MAX_FEEDS = 1000
_DATE_ADDED_LAST = "X-TAXII-Date-Added-Last"


class FeedError(IngestError):
    """A feed that cannot be polled: unknown, its password unset, or its server failing."""


@dataclass(frozen=True, slots=True)
class Feed:
    """A partner's TAXII 2.1 collection and where its last committed poll stopped."""

    name: str
    url: str
    user: str | None = None
    password_env: str | None = None
    default_marking: str | None = None
    interval_s: int = 300
    per_page: int = 500
    max_objects: int = 10_000
    added_after: str | None = None
    polled_at: datetime | None = None

    def due(self, now: datetime) -> bool:
        """Whether the interval since the last poll has passed."""
        return self.polled_at is None or (now - self.polled_at).total_seconds() >= self.interval_s


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll read and ingested."""

    feed: str
    objects: int
    pages: int
    added_after: str | None
    summary: IngestSummary
    account: FileAccount


def add_feed(store: Store, feed: Feed) -> None:
    """Add a feed, or update its settings (keeping where it stopped)."""
    store.write("feed_put", {"feed": {
        "name": feed.name, "url": feed.url, "user": feed.user,
        "password_env": feed.password_env, "default_marking": feed.default_marking,
        "interval_s": feed.interval_s, "per_page": feed.per_page,
        "max_objects": feed.max_objects,
    }})


def list_feeds(store: Store) -> list[Feed]:
    """Every feed, by name."""
    return [_feed(row) for row in store.read("feed_list", {"limit": MAX_FEEDS})]


def get_feed(store: Store, name: str) -> Feed:
    """The feed called `name`; FeedError if there is none."""
    for feed in list_feeds(store):
        if feed.name == name:
            return feed
    raise FeedError(f"no feed named {name!r}")


def remove_feed(store: Store, name: str) -> bool:
    """Remove a feed; what it ingested stays. False if there was none."""
    rows = store.write("feed_delete", {"name": name})
    return bool(rows and rows[0]["deleted"])


def poll(store: Store, feed: Feed, extractor: Extractor, *, batch_size: int = 200) -> PollResult:
    """Read what the collection added since the feed's cursor, ingest it, move the cursor."""
    password = None
    if feed.password_env:
        password = os.environ.get(feed.password_env)
        if password is None:
            raise FeedError(f"feed {feed.name!r}: the environment variable "
                            f"{feed.password_env} (its password) is not set")
    collection = Collection(feed.url, user=feed.user, password=password)
    last: dict[str, str] = {}

    def remember(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        # taxii2client returns only the JSON body; the cursor is in a response header.
        if _DATE_ADDED_LAST in response.headers:
            last["added"] = response.headers[_DATE_ADDED_LAST]

    # taxii2client keeps its requests session private; a response hook is the one way
    # to see the headers of the pages `as_pages` fetches.
    collection._conn.session.hooks["response"].append(remember)
    objects: list[Mapping[str, Any]] = []
    pages = 0
    filters = {"added_after": feed.added_after} if feed.added_after else {}
    try:
        for envelope in as_pages(collection.get_objects, per_request=feed.per_page, **filters):
            pages += 1
            objects += envelope.get("objects", [])
            if len(objects) >= feed.max_objects:
                break
    except requests.RequestException as exc:
        raise FeedError(f"feed {feed.name!r}: {exc}") from exc
    finally:
        collection.close()
    source = f"taxii:{feed.name}"
    ledger = Ledger()
    summary = IngestSummary()
    if objects:
        bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
        results = ledger.watch(read_bundle(bundle, source=source,
                                           feed=ledger.feed(feed.default_marking)))
        summary = ingest(store, results, extractor, batch_size=batch_size)
    cursor = last.get("added") if objects else None
    rows = store.write("feed_cursor", {"name": feed.name, "added_after": cursor,
                                       "polled_at": datetime.now(UTC),
                                       "objects": len(objects)})
    stopped = rows[0]["added_after"] if rows else cursor
    return PollResult(feed.name, len(objects), pages, stopped, summary, ledger.account(source))


def _feed(row: Mapping[str, Any]) -> Feed:
    polled = row["polled_at"]
    return Feed(
        name=row["name"], url=row["url"], user=row["user"], password_env=row["password_env"],
        default_marking=row["default_marking"], interval_s=int(row["interval_s"]),
        per_page=int(row["per_page"]), max_objects=int(row["max_objects"]),
        added_after=row["added_after"],
        polled_at=polled.to_native() if hasattr(polled, "to_native") else polled,
    )


class Poller:
    """Polls every due feed, every `tick_s` seconds, on one daemon thread until stopped.

    Several processes may run one (each API process does when NEXUS_FEEDS_POLL_S is set):
    two polls of one feed at once read the same objects, which the pipeline counts as
    unchanged, so the only cost is the repeated download.
    """

    def __init__(self, store: Store, extractor: Callable[[], Extractor], tick_s: float,
                 batch_size: int = 200) -> None:
        self._store = store
        self._make_extractor = extractor
        self._extractor: Extractor | None = None
        self._tick_s = tick_s
        self._batch_size = batch_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nexus-feeds", daemon=True)

    def start(self) -> None:
        """Start polling in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the poll under way (a poll commits before it moves its cursor)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def run_once(self, now: datetime | None = None) -> list[PollResult]:
        """Poll every feed that is due; a failing feed is logged and the others go on."""
        now = now or datetime.now(UTC)
        done = []
        for feed in list_feeds(self._store):
            if not feed.due(now):
                continue
            if self._extractor is None:
                self._extractor = self._make_extractor()
            try:
                done.append(poll(self._store, feed, self._extractor, batch_size=self._batch_size))
            except FeedError as exc:
                log.warning("feed poll failed: %s", exc)
        return done

    def _run(self) -> None:
        while not self._stop.wait(self._tick_s):
            try:
                self.run_once()
            except StoreError:
                log.exception("feed polling: the store failed; retrying next tick")
