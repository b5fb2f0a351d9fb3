"""TAXII 2.1 polling against a real medallion server (the OASIS reference implementation)
started on loopback: paging, a durable cursor, resuming after a restart without duplicates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from taxii2client.v21 import Collection

from bench.feeds_bench import PASSWORD, USER, medallion
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.taxii import (
    Feed,
    FeedError,
    Poller,
    add_feed,
    get_feed,
    list_feeds,
    poll,
    remove_feed,
)

DISCO = Path(__file__).resolve().parent.parent / "data" / "partners" / "disco-team.stix.json"


@pytest.fixture
def taxii(tmp_path: Path) -> Iterator[str]:
    """A medallion server with one empty, writable collection (pages of 4); its URL."""
    with medallion(tmp_path, page_size=4, max_bytes=10_000_000) as (url, _):
        yield url


def publish(url: str, objects: list[dict[str, Any]]) -> None:
    """What the partner does: add objects to its collection."""
    collection = Collection(url, user=USER, password=PASSWORD)
    bundle = {"type": "bundle", "id": "bundle--0d5b2b3e-7a52-4b61-9b1a-4c7b6f6d2a11",
              "objects": objects}
    status = collection.add_objects(json.dumps(bundle), wait_for_completion=True)
    assert status.failure_count == 0
    collection.close()


def reports(store: Store) -> int:
    return next(r["n"] for r in store.read("graph_counts", {}) if r["name"] == "Report")


def test_a_poll_pages_resumes_after_a_restart_and_never_duplicates(
    empty_store: Store, extractor: Extractor, taxii: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    objects = json.loads(DISCO.read_text())["objects"]
    first, second = objects[:9], objects[9:]
    monkeypatch.setenv("NEXUS_TEST_FEED_PASSWORD", PASSWORD)
    add_feed(empty_store, Feed("partner", taxii, user=USER, password_env="NEXUS_TEST_FEED_PASSWORD",
                               default_marking="UNCLASSIFIED", per_page=4))
    publish(taxii, first)

    one = poll(empty_store, get_feed(empty_store, "partner"), extractor)
    assert (one.objects, one.pages) == (9, 3)  # pages of 4 objects, following `next`
    assert one.account.objects == 9
    assert one.added_after is not None
    landed = reports(empty_store)
    assert landed == one.summary.ingested == one.account.records.total()

    # A restart: nothing but the graph remembers the feed. Only what came after is read.
    publish(taxii, second)
    feed = get_feed(empty_store, "partner")
    assert feed.added_after == one.added_after
    two = poll(empty_store, feed, extractor)
    # The location's older version is not served: a TAXII server sends the latest one.
    assert two.objects == len(second) - 1
    assert two.summary.unchanged == 0
    assert reports(empty_store) == landed + two.summary.ingested

    three = poll(empty_store, get_feed(empty_store, "partner"), extractor)
    assert three.objects == 0
    assert get_feed(empty_store, "partner").added_after == two.added_after


def test_feeds_are_listed_updated_and_removed(empty_store: Store) -> None:
    add_feed(empty_store, Feed("a", "http://127.0.0.1:9/taxii/", interval_s=60))
    add_feed(empty_store, Feed("a", "http://127.0.0.1:9/taxii/", interval_s=120))
    (feed,) = list_feeds(empty_store)
    assert (feed.name, feed.interval_s, feed.added_after) == ("a", 120, None)
    assert remove_feed(empty_store, "a")
    assert not remove_feed(empty_store, "a")
    with pytest.raises(FeedError, match="no feed named 'a'"):
        get_feed(empty_store, "a")


def test_a_missing_password_is_named(empty_store: Store, extractor: Extractor) -> None:
    feed = Feed("b", "http://127.0.0.1:9/taxii/", user="u", password_env="NEXUS_UNSET_FEED_PW")
    with pytest.raises(FeedError, match="NEXUS_UNSET_FEED_PW"):
        poll(empty_store, feed, extractor)


def test_the_background_poller_polls_each_feed_when_it_is_due(
    empty_store: Store, extractor: Extractor, taxii: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    objects = json.loads(DISCO.read_text())["objects"]
    monkeypatch.setenv("NEXUS_TEST_FEED_PASSWORD", PASSWORD)
    add_feed(empty_store, Feed("due", taxii, user=USER, password_env="NEXUS_TEST_FEED_PASSWORD",
                               default_marking="UNCLASSIFIED", interval_s=3600))
    publish(taxii, objects[:5])
    poller = Poller(empty_store, lambda: extractor, tick_s=3600)
    (result,) = poller.run_once()
    assert (result.feed, result.objects) == ("due", 5)
    assert poller.run_once() == []  # polled a moment ago: not due for an hour
    later = datetime.now(UTC) + timedelta(hours=2)
    (again,) = poller.run_once(later)
    assert again.objects == 0
