"""`checkin-bot run`, `webhook` and `migrate`: settings in, the bot or the migrations out.

Whatever goes wrong ends with one line on stderr naming the setting to look at, and a
non-zero exit status: 2 for a missing or malformed setting, 1 when start-up failed (the Bot
API or the database said no) or the token stopped working while running.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Coroutine
from typing import Any

from bot.config import Settings, SettingsError, load_settings
from service.logs import configure_logging

logger = logging.getLogger(__name__)


def _settings(*, token: bool = False, webhook: bool = False) -> Settings | None:
    """Checked settings with logging set up, or None after printing the one-line reason."""
    try:
        settings = load_settings()
        if token:
            settings.require_token()
        if webhook:
            settings.require_webhook()
    except SettingsError as error:
        print(f"checkin-bot: {error}", file=sys.stderr)
        return None
    secrets = [
        secret.get_secret_value()
        for secret in (settings.telegram_bot_token, settings.webhook_secret)
        if secret is not None
    ]
    configure_logging(settings.log_level, secrets=secrets)
    return settings


def _serve(settings: Settings, serving: Coroutine[Any, Any, int]) -> int:
    """Run one of service.serve's coroutines; any failure is one line on stderr."""
    from service.lifecycle import StartupError

    try:
        status = asyncio.run(serving)
    except StartupError as error:
        return _fail(str(error), settings)
    except Exception as error:  # a failure nobody foresaw: still one line, never the token
        logger.debug("start-up failed", exc_info=error)
        return _fail(f"start-up failed: {type(error).__name__}", settings)
    if status:
        _fail(
            "TELEGRAM_BOT_TOKEN: stopped because the Bot API server no longer accepts the token",
            settings,
        )
    return status


def _fail(line: str, settings: Settings) -> int:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if token:
        line = line.replace(token, "[redacted]")
    sys.stderr.flush()
    print(f"checkin-bot: {line}", file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace) -> int:
    """Start long polling through the inbox until SIGTERM or Ctrl-C."""
    from service.serve import serve_polling

    settings = _settings(token=True)
    if settings is None:
        return 2
    from bot.app import ALLOWED_UPDATES, build_application

    serving = serve_polling(
        lambda: build_application(settings, polling=False),
        api_url=settings.telegram_api_base_url,
        database_url=settings.database_url,
        ops_at=_ops_at(settings),
        allowed_updates=ALLOWED_UPDATES,
    )
    return _serve(settings, serving)


def webhook_command(args: argparse.Namespace) -> int:
    """Serve the webhook app with uvicorn until SIGTERM or Ctrl-C."""
    from service.serve import serve_webhook

    settings = _settings(token=True, webhook=True)
    if settings is None:
        return 2
    from bot.webhook import create_app

    serving = serve_webhook(
        lambda: create_app(settings),
        api_url=settings.telegram_api_base_url,
        database_url=settings.database_url,
        webhook_at=(settings.webhook_listen, settings.webhook_port),
        ops_at=_ops_at(settings),
    )
    return _serve(settings, serving)


def _ops_at(settings: Settings) -> tuple[str, int] | None:
    """Where /healthz and /metrics listen (METRICS_PORT 0: nowhere)."""
    return (settings.metrics_listen, settings.metrics_port) if settings.metrics_port else None


def migrate_command(args: argparse.Namespace) -> int:
    """Apply the database migrations and exit."""
    from service.lifecycle import database_problem
    from storage.db import Database
    from storage.migrate import upgrade_database

    settings = _settings()
    if settings is None:
        return 2

    async def migrate() -> None:
        database = Database.from_url(settings.database_url)
        try:
            await upgrade_database(database)
        except Exception as error:
            raise database_problem(error, "migrations", settings.database_url) from None
        finally:
            await database.close()

    status = _serve(settings, _zero(migrate()))
    if status == 0:
        print("database is up to date")
    return status


async def _zero(work: Coroutine[Any, Any, None]) -> int:
    await work
    return 0
