"""Running the real application with the inbox poller against the local Bot API server, with
the server's idle check knowing about the inbox (an update waiting to be tried again is not
idle)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.app import ALLOWED_UPDATES
from fakegram import LocalBotApi
from fakegram.testing import FAST_POLL_TIMEOUT, application_is_idle
from inbox.intake import Intake
from inbox.polling import Poller, polling


@contextlib.asynccontextmanager
async def inbox_polling(app: Any, server: LocalBotApi) -> AsyncIterator[Poller]:
    """The application polling `server` through the inbox until the block ends."""
    async with polling(
        app, allowed_updates=ALLOWED_UPDATES, poll_timeout=FAST_POLL_TIMEOUT
    ) as poller:
        intake = app.bot_data.intake
        assert isinstance(intake, Intake)
        remove = server.add_idle_probe(lambda: application_is_idle(app) and intake.idle)
        try:
            yield poller
        finally:
            remove()
