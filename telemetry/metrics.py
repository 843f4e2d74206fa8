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
BOT_API_ERRORS = Counter(
    "checkin_bot_api_errors",
    "Failed Bot API calls, by method and kind (timeout, network, flood_control, forbidden, ...)",
    ["method", "kind"],
    registry=REGISTRY,
)
WEBHOOK_REJECTED = Counter(
    "checkin_webhook_rejected",
    "Webhook requests refused, by reason (secret, too_large, malformed)",
    ["reason"],
    registry=REGISTRY,
)
UPDATES_REFUSED = Counter(
    "checkin_updates_refused",
    "Updates refused before any handler ran, by reason (sender_not_chat: forged)",
    ["reason"],
    registry=REGISTRY,
)
DATABASE_ERRORS = Counter(
    "checkin_database_errors",
    "Database errors while handling updates or jobs, by kind (disk_full, locked, ...)",
    ["kind"],
    registry=REGISTRY,
)
READY = Gauge(
    "checkin_ready",
    "1 while the bot takes updates (token accepted, started), else 0",
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


INBOX_UPDATES = Counter(
    "checkin_inbox_updates",
    "Updates by how they ended in the inbox: handled, duplicate (redelivered), poison (could "
    "not be read), retried (database or Telegram away; tried again), interrupted (its data was "
    "stored before a crash: not handled twice), reply_lost (data stored, reply failed: the "
    "person's next message says so first), failed (a bug; the person got an apology)",
    ["outcome"],
    registry=REGISTRY,
)
CLAIMS_TAKEN_OVER = Counter(
    "checkin_claims_taken_over",
    "Claims of a dead instance handed back to the living, by kind (updates, outbox, "
    "deliveries: a prompt that may have been in flight at the kill, people)",
    ["kind"],
    registry=REGISTRY,
)
PROMPTS_UNCERTAIN = Counter(
    "checkin_prompts_uncertain",
    "Prompts whose send timed out (maybe delivered): used up, never sent again",
    registry=REGISTRY,
)
OUTBOX = Counter(
    "checkin_outbox_messages",
    "Messages that must arrive, by what became of them (sent, retry, gave_up)",
    ["outcome"],
    registry=REGISTRY,
)
