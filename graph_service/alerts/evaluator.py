"""The alert stage: reports marked awaiting evaluation become alerts, events and
deliveries, once each.

Invariants:

- Work comes from the mark, never from memory. The batch write marks its reports
  (`alert_mark`); the evaluator claims marked reports with a lease (`alert_claim`),
  evaluates them, and in one transaction stores the alerts, numbers their events, queues
  their webhook deliveries and clears the marks (`alert_done`). A process killed anywhere
  in between leaves the marks, whose lease runs out, and the next evaluator (the sweep at
  start-up and every `alert_sweep_s`) does the work again.
- Doing it again changes nothing: alert ids are deterministic (`queries.alerts.alert_id`),
  and a new event is numbered only for a new alert, a reopened one, or a score that rose
  by `alert_renotify_step` past the last one notified.
- Each class is evaluated reading as that class (`queries.alert_rules.evaluate`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from graph_service.api.schemas import PathPublic
from graph_service.settings import Settings
from graph_service.store import Store, StoreError, Tx
from graph_service.visibility import Viewer
from ingest.writer import Touched
from queries.alert_rules import Finding, Rule, RuleSettings, Trigger, evaluate
from queries.alerts import AlertState, alert_id, history_entry, number_events, viewer_class

__all__ = ["CLAIM_LIMIT", "Doorbell", "Evaluator", "rule_settings"]

log = logging.getLogger(__name__)

CLAIM_LIMIT = 25
"""Reports claimed (and evaluated together) at a time: a batch's first alerts go out
after an eighth of a 200-report batch is evaluated, not all of it."""

MAX_REPORTS_KEPT = 50
"""Triggering report ids an alert keeps (the newest)."""

SYSTEM = "nexus"
"""Who the history names for moves the evaluator makes (creation, reopening)."""


def rule_settings(settings: Settings) -> RuleSettings:
    """The rules' thresholds from the settings."""
    return RuleSettings(
        min_score={
            Rule.WATCH_PROXIMITY: settings.alert_min_score_watch_proximity,
            Rule.CROSS_SIDE: settings.alert_min_score_cross_side,
            Rule.SHARED_IDENTIFIER: settings.alert_min_score_shared_identifier,
            Rule.WATCH_CANDIDATE: settings.alert_min_score_watch_candidate,
        },
        max_hops=settings.alert_max_hops,
        candidate_min=settings.alert_candidate_min,
    )


class Doorbell:
    """Rung when events are numbered in this process, so that streams wake at once; a
    stream also polls, for events numbered by other processes (a CLI ingest)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._rings = 0

    def ring(self) -> None:
        """Wake every waiter."""
        with self._cond:
            self._rings += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout_s: float) -> int:
        """Wait until rung after `seen` rings (or the timeout); the rings so far."""
        with self._cond:
            self._cond.wait_for(lambda: self._rings != seen, timeout_s)
            return self._rings

    @property
    def rings(self) -> int:
        """Rings so far."""
        with self._cond:
            return self._rings


@dataclass(frozen=True, slots=True)
class _Claimed:
    """A claimed report: what the rules need of it, and the mark it was claimed under."""

    trigger: Trigger
    mark: str


class Evaluator:
    """Evaluates marked reports for every alert class (see the module invariants)."""

    def __init__(
        self, store: Store, settings: Settings, viewers: Callable[[], Sequence[Viewer]],
        doorbell: Doorbell | None = None,
    ) -> None:
        self._store = store
        self._settings = settings
        self._rules = rule_settings(settings)
        self._viewers = viewers
        self._doorbell = doorbell
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def stage(self, touched: Touched) -> None:
        """The pipeline's alert stage: evaluate the reports a committed batch touched.

        With the evaluation thread running (`start`), wake it and go on: the next batch is
        read and extracted while this one is evaluated, and the marks in the store keep
        the work if the process dies first. Without it, evaluate here."""
        if self._thread is not None and self._thread.is_alive():
            self._wake.set()
        else:
            self.evaluate(touched.report_ids)

    def evaluate(self, ids: Sequence[str] = ()) -> int:
        """Evaluate the marked reports among `ids` (any marked report when empty) that no
        other evaluator holds; the number evaluated."""
        done = 0
        while not self._stop.is_set():
            claimed = self._claim(ids)
            if not claimed:
                return done
            at = datetime.now(UTC)
            plans = [
                (viewer, evaluate(
                    self._store, viewer, [c.trigger for c in claimed], self._rules, as_of=at,
                    timeout_s=self._settings.query_timeout_s * 3,
                ))
                for viewer in self._viewers()
            ]
            rang = self._store.transaction(partial(self._save, plans=plans, claimed=claimed, at=at))
            if rang and self._doorbell is not None:
                self._doorbell.ring()
            done += len(claimed)
        return done

    def _claim(self, ids: Sequence[str]) -> list[_Claimed]:
        rows = self._store.write(
            "alert_claim", {"ids": list(ids), "lease_s": self._settings.alert_lease_s, "limit": CLAIM_LIMIT}
        )
        return [
            _Claimed(Trigger(r["id"], r["side"], r["area"], tuple(r["vis"]), int(r["level"] or 0),
                             tuple(r["keys"])), r["mark"])
            for r in rows
        ]

    def _save(
        self, tx: Tx, plans: Sequence[tuple[Viewer, list[Finding]]], claimed: Sequence[_Claimed], at: datetime
    ) -> bool:
        """Store every class's alerts, events and deliveries and clear the marks; whether
        any event was numbered."""
        rang = False
        for viewer, findings in plans:
            cls = viewer_class(viewer)
            ids = [alert_id(cls, f.rule, f.subject.key, f.counterpart) for f in findings]
            existing = {r["id"]: r for r in tx.run("alert_states", {"ids": ids})} if ids else {}
            rows, told = [], []
            for id, finding in zip(ids, findings, strict=True):
                row, notify = self._row(id, finding, existing.get(id), at)
                rows.append(row)
                if notify:
                    told.append(row)
            if rows:
                tx.run("alert_put", {"class": cls, "alerts": rows})
            seqs = number_events(tx, cls, [r["id"] for r in told], at)
            if told:
                rang = True
                tx.run("delivery_put", {"class": cls, "at": at.isoformat(), "events": [
                    {"seq": seq, "alert": r["id"], "rule": r["rule"], "area": r["area"], "score": r["score"],
                     "payload": json.dumps({"type": "alert", "timestamp": at.isoformat(), "data": public(r)})}
                    for seq, r in zip(seqs, told, strict=True)
                ]})
        tx.run("alert_done", {"done": [{"id": c.trigger.id, "mark": c.mark} for c in claimed]})
        return rang

    def _row(
        self, id: str, f: Finding, old: dict[str, Any] | None, at: datetime
    ) -> tuple[dict[str, Any], bool]:
        """The stored row of finding `f` over the alert as it was (`old`), and whether it
        is news: a new alert, a closed one reopened by new evidence, or a score that rose
        by a step."""
        fired = [t.id for t in f.triggers]
        before = list(old["reports"]) if old else []
        reports = (before + [r for r in fired if r not in before])[-MAX_REPORTS_KEPT:]
        history = list(old["history"]) if old else [history_entry(AlertState.NEW.value, None, SYSTEM, at)]
        state = old["state"] if old else AlertState.NEW.value
        notified = float(old["notified_score"]) if old else f.score
        notify = old is None
        if old and state == AlertState.CLOSED.value and set(fired) - set(before):
            state = AlertState.NEW.value
            history.append(history_entry(state, "reopened by new evidence", SYSTEM, at))
            notify = True
        elif old and f.score >= notified + self._settings.alert_renotify_step:
            notify = True
        if notify:
            notified = f.score
        path = PathPublic.model_validate(f.nexus.path).model_dump(mode="json")
        return {
            "id": id, "rule": f.rule.value, "subject": f.subject.key, "subject_name": f.subject.name,
            "subject_kind": f.subject.kind, "counterpart": f.counterpart, "area": f.area,
            "side": f.side, "reports": reports, "path": json.dumps(path), "pointer": None,
            "score": f.score, "notified_score": notified, "level": f.level, "vis": list(f.vis),
            "state": state, "history": history, "at": at.isoformat(),
            "created_at": old["created_at"] if old else at.isoformat(),
        }, notify

    # ------------------------------------------------------------ the sweep

    def start(self) -> None:
        """Sweep now, at every `stage` and every `alert_sweep_s`, on a thread of its own,
        until `stop`."""
        self._thread = threading.Thread(target=self._sweep, name="nexus-alert-sweep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the sweep (an evaluation under way finishes its claim first)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)

    def finish(self) -> None:
        """Stop the sweep, then evaluate here what is still marked (a CLI ingest's end)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()  # wholly: a sweep still running would go on once cleared
            self._thread = None
        self._stop.clear()
        self.evaluate()

    def _sweep(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # a stage rung from here on is evaluated by the next round
            try:
                self.evaluate()
            except StoreError:
                log.warning("alert sweep: Neo4j unavailable; retrying", exc_info=True)
            except Exception:
                log.exception("alert sweep failed; retrying")
            self._wake.wait(self._settings.alert_sweep_s)


def public(row: dict[str, Any]) -> dict[str, Any]:
    """The AlertPublic JSON of a stored row (the webhook payload's `data`)."""
    return {
        "id": row["id"], "rule": row["rule"], "state": row["state"], "score": row["score"],
        "subject": row["subject"], "subject_name": row["subject_name"],
        "subject_kind": row["subject_kind"], "area": row["area"], "side": row["side"],
        "reports": row["reports"], "path": json.loads(row["path"]) if row["path"] else None,
        "pointer": json.loads(row["pointer"]) if row["pointer"] else None,
        "created_at": row["created_at"], "updated_at": row["at"],
        "history": [json.loads(h) for h in row["history"]],
    }
