"""Long polling through the inbox: our own getUpdates loop on the raw Bot API.

A batch is stored in the inbox before the next getUpdates call confirms it (its offset moves
past the batch only once the batch is stored). While the database is away nothing is confirmed
and the same batch is fetched again after a pause, so Telegram keeps the updates. Updates are
read as plain JSON: one that python-telegram-bot cannot parse is skipped alone (a poison
update), never the batch, and the loop keeps its normal pace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import warnings
from collections.abc import AsyncIterator
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from inbox.background import BackgroundTask
from inbox.intake import Intake
from inbox.updates import update_id_of

logger = logging.getLogger(__name__)

POLL_TIMEOUT = 30  # seconds a getUpdates call waits for updates
PAUSE_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)  # after failures in a row


class Poller:
    """Fetch, store, then confirm; see the module docstring."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        intake: Intake,
        *,
        allowed_updates: list[str] | None = None,
        timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.application = application
        self.intake = intake
        self.allowed_updates = allowed_updates
        self.timeout = timeout
        self.offset: int | None = None
        self._polling = BackgroundTask("poller", self._run)
        self.calls = 0

    def start(self) -> None:
        """Start polling (call from the running loop)."""
        self._polling.start()

    async def stop(self) -> None:
        """Stop polling; an unconfirmed batch is fetched again by the next start."""
        await self._polling.stop()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                batch = await self._fetch()
                if batch:
                    await self.intake.receive(batch)
                    self.offset = max(update_id_of(raw) or 0 for raw in batch) + 1
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Telegram or the database away: pause, same offset
                pause = PAUSE_SECONDS[min(failures, len(PAUSE_SECONDS) - 1)]
                failures += 1
                logger.warning(
                    "polling paused %.0f s (%s); nothing confirmed", pause, type(error).__name__
                )
                await asyncio.sleep(pause)

    async def _fetch(self) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"timeout": self.timeout}
        if self.offset is not None:
            params["offset"] = self.offset
        if self.allowed_updates is not None:
            params["allowed_updates"] = self.allowed_updates
        self.calls += 1
        with warnings.catch_warnings():
            # PTB suggests get_updates, which parses the whole batch: one bad update would
            # then fail them all. The raw call hands back JSON we read one update at a time.
            warnings.simplefilter("ignore")
            result = await self.application.bot.do_api_request(
                "getUpdates", api_kwargs=params, read_timeout=self.timeout + 10
            )
        if not isinstance(result, list):
            raise TelegramError("getUpdates did not answer with a list")
        return [raw for raw in result if update_id_of(raw) is not None]


@contextlib.asynccontextmanager
async def polling(
    application: Application,  # type: ignore[type-arg]
    *,
    allowed_updates: list[str] | None = None,
    poll_timeout: int = POLL_TIMEOUT,
    opened: bool = False,
) -> AsyncIterator[Poller]:
    """Run the application with the inbox poller the way run_polling would: post_init, start,
    poll; on exit stop polling, finish what is in hand, post_stop, shutdown, post_shutdown.
    `opened`: the caller already initialised it and ran post_init (service.lifecycle.open_bot)."""
    if not opened:
        await application.initialize()
    try:
        if not opened and application.post_init is not None:
            await application.post_init(application)
        intake = application.bot_data.intake
        assert isinstance(intake, Intake), "post_init opens the inbox"
        poller = Poller(application, intake, allowed_updates=allowed_updates, timeout=poll_timeout)
        await application.start()
        poller.start()
        try:
            yield poller
        finally:
            await poller.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def run_polling(
    application: Application,  # type: ignore[type-arg]
    *,
    allowed_updates: list[str] | None = None,
) -> None:
    """Poll until SIGTERM or SIGINT, then stop gracefully."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with polling(application, allowed_updates=allowed_updates):
            await stop.wait()

    asyncio.run(main())
