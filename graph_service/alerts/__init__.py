"""Alerts: the evaluator stage that turns committed batches into alerts, and webhook
delivery from the outbox. Reading alerts is `queries.alerts`; the API serves them."""

from graph_service.alerts.classes import alert_viewers
from graph_service.alerts.evaluator import Doorbell, Evaluator, rule_settings

__all__ = ["Doorbell", "Evaluator", "alert_viewers", "rule_settings"]
