"""The image's HEALTHCHECK: is the bot able to do its work right now?

Webhook mode (BOT_MODE=webhook): the bot's own /healthz on METRICS_PORT, which answers 200 only
while the bot takes updates and its database answers. In polling mode it checks that the
database answers (the bot process itself is PID 1: if it dies, the container stops).
Exit 0 healthy, 1 not.
"""

from __future__ import annotations

import asyncio
import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 5.0


def webhook_is_healthy() -> bool:
    """GET /healthz on the operator's port (METRICS_LISTEN:METRICS_PORT)."""
    listen = os.environ.get("METRICS_LISTEN", "127.0.0.1")
    host = "127.0.0.1" if listen in ("", "0.0.0.0", "::") else listen
    port = os.environ.get("METRICS_PORT", "9090")
    url = f"http://{host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


async def database_answers() -> bool:
    """Open DATABASE_URL (from the same settings the bot reads) and run a trivial query."""
    from bot.config import SettingsError, load_settings
    from storage.db import Database

    try:
        settings = load_settings()
    except SettingsError:
        return False
    database = Database.from_url(settings.database_url)
    try:
        return await asyncio.wait_for(database.ping(), TIMEOUT_SECONDS)
    except TimeoutError:
        return False
    finally:
        await database.close()


def main() -> int:
    """0 when healthy, 1 when not."""
    if os.environ.get("BOT_MODE", "polling") == "webhook":
        healthy = webhook_is_healthy()
    else:
        healthy = asyncio.run(database_answers())
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
