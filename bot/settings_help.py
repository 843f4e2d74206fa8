"""The settings' names, defaults and one-line help: shown by `checkin-bot --help` and kept
free of heavy imports so the engine's commands start fast."""

from __future__ import annotations

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/checkin.db"
TELEGRAM_API = "https://api.telegram.org"

# name, what it is: shown by `checkin-bot --help` and in the README's settings table.
SETTINGS_HELP: tuple[tuple[str, str], ...] = (
    ("TELEGRAM_BOT_TOKEN", "the bot's token from @BotFather (run, webhook)"),
    ("TELEGRAM_API_BASE_URL", f"Bot API server root, or the .../bot form (default {TELEGRAM_API})"),
    ("DATABASE_URL", f"SQLAlchemy URL (default {DEFAULT_DATABASE_URL})"),
    ("WEBHOOK_URL", "public https URL Telegram posts updates to (webhook)"),
    ("WEBHOOK_SECRET", "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (webhook)"),
    ("WEBHOOK_LISTEN", "address the webhook server binds (default 0.0.0.0)"),
    ("WEBHOOK_PORT", "port of the webhook server (default 8080)"),
    ("METRICS_LISTEN", "address /healthz and /metrics bind (default 127.0.0.1)"),
    ("METRICS_PORT", "port of /healthz and /metrics, 0 for none (default 9090)"),
    ("ADMIN_IDS", "comma-separated Telegram user ids allowed to use /stats"),
    ("LOG_LEVEL", "DEBUG, INFO, WARNING or ERROR (default INFO)"),
    ("STORE_RAW_TEXT", "keep people's raw free text (default false)"),
    ("SEND_RATE", "messages a second the bot may send, 1-30 (default 30; shared by all instances)"),
    ("REDIS_URL", "keep the shared send budget in Redis instead of PostgreSQL (optional)"),
    ("PAID_BROADCAST_DAILY_CAP", "paid broadcasts a day for late prompts (default 0: never pay)"),
)
