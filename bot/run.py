"""`checkin-bot run` and `checkin-bot migrate`: settings in, the bot or the migrations out."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from bot.config import Settings, SettingsError, load_settings
from bot.logs import configure_logging


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
    configure_logging(settings.log_level)
    return settings


def run_command(args: argparse.Namespace) -> int:
    """Start long polling until interrupted."""
    from bot.app import ALLOWED_UPDATES, build_application
    from inbox.polling import run_polling

    settings = _settings(token=True)
    if settings is None:
        return 2
    # Our own getUpdates loop: a batch is confirmed only once it is stored in the inbox.
    application = build_application(settings, polling=False)
    run_polling(application, allowed_updates=ALLOWED_UPDATES)
    return 0


def webhook_command(args: argparse.Namespace) -> int:
    """Serve the webhook app with uvicorn until SIGTERM or Ctrl-C."""
    import uvicorn

    from bot.webhook import create_app

    settings = _settings(token=True, webhook=True)
    if settings is None:
        return 2
    app = create_app(settings)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler
    # that was there before it: this one makes that graceful stop exit with status 0.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    uvicorn.run(
        app,
        host=settings.webhook_listen,
        port=settings.webhook_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=20,
    )
    return 0


def _exit_cleanly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def migrate_command(args: argparse.Namespace) -> int:
    """Apply the database migrations and exit."""
    from storage.db import Database
    from storage.migrate import upgrade_database

    settings = _settings()
    if settings is None:
        return 2

    async def migrate() -> None:
        database = Database.from_url(settings.database_url)
        try:
            await upgrade_database(database)
        finally:
            await database.close()

    asyncio.run(migrate())
    print("database is up to date")
    return 0
