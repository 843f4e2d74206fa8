"""The bot's Prometheus metrics, in their own registry (served at /metrics in webhook mode)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter(
    "checkin_updates_handled",
    "Telegram updates handled, by kind",
    ["kind"],
    registry=REGISTRY,
)
UPDATE_SECONDS = Histogram(
    "checkin_update_handling_seconds",
    "Time to handle one update",
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
MESSAGES_SENT = Counter(
    "checkin_messages_sent",
    "Messages sent, by kind (reply, hydration, stretch, checkin, follow_up)",
    ["kind"],
    registry=REGISTRY,
)
TRIAGE_ANSWERS = Counter(
    "checkin_triage_answers",
    "Answers given, by triage level",
    ["level"],
    registry=REGISTRY,
)
SEND_ERRORS = Counter(
    "checkin_send_errors",
    "Errors from Telegram when sending, by kind",
    ["kind"],
    registry=REGISTRY,
)
DISPATCHER_LAG = Gauge(
    "checkin_dispatcher_lag_seconds",
    "How late the oldest due prompt was when the dispatcher last looked",
    registry=REGISTRY,
)


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    return generate_latest(REGISTRY)
