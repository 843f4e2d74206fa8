"""Fixtures for the bot's journeys: the real application, a real database and a local Bot API.

Nothing of ours is mocked: tests play a person against the local server over HTTP, and every
call the bot makes is checked against the Bot API schema. A test can stop the application and
start a new one on the same database and server (`harness.restart()`), as after a deploy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.config import Settings
from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from handlers.common.context import BotData
from i18n import texts_for
from storage import Database, UnitOfWork
from tests.conftest import fresh_sqlite
from tests.inbox_rig import inbox_polling


class SettableClock:
    """A clock tests can set and move; it does not tick by itself."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += dt.timedelta(**delta)


# 10:00 in Berlin on an ordinary day (no DST change near).
START = dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)


def bot_settings(server: LocalBotApi, database_url: str, **extra: Any) -> Settings:
    """Settings pointing the bot at the local server and database."""
    return Settings(
        telegram_bot_token=server.token,
        telegram_api_base_url=server.url,
        database_url=database_url,
        **extra,
    )


def app_options() -> dict[str, Any]:
    """Options for `build_application` in journeys: no scheduled-prompt job (a test sends a
    prompt itself when it needs one) and Telegram's flood limits without the 1-a-second pacing
    per chat, which would only slow journeys down; RetryAfter handling stays the real one."""
    accepted = inspect.signature(build_application).parameters
    options: dict[str, Any] = {}
    if "dispatch_every" in accepted:
        options["dispatch_every"] = None
    if "rate_limiter" in accepted:
        options["rate_limiter"] = PriorityRateLimiter(chat_interval=0.0, margin=0.0)
    return options


@dataclass
class BotHarness:
    """The running application, its local Bot API server, its clock and database URL."""

    server: LocalBotApi
    clock: SettableClock
    database_url: str
    app: Any = None
    settings: dict[str, Any] = field(default_factory=dict)  # more settings, e.g. store_raw_text
    _running: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)
    _reader: Database | None = None

    @property
    def data(self) -> BotData:
        """The application's typed bot_data."""
        return self.app.bot_data  # type: ignore[no-any-return]

    async def start(self) -> None:
        """Build a new application on the same settings, clock, database and server; run it."""
        app = build_application(
            bot_settings(self.server, self.database_url, **self.settings),
            clock=self.clock,
            dispatch_every=None,
            # No per-chat pacing: a journey sends several messages a second into one chat.
            rate_limiter=PriorityRateLimiter(chat_interval=0, margin=0),
        )
        self._running = contextlib.AsyncExitStack()
        await self._running.enter_async_context(inbox_polling(app, self.server))
        self.app = app

    async def stop(self) -> None:
        """Stop the application the way a shutdown would (post_shutdown closes its database)."""
        await self._running.aclose()

    async def restart(self) -> None:
        """Stop the running application and start a brand-new one (nothing kept in memory)."""
        await self.stop()
        await self.start()

    @contextlib.asynccontextmanager
    async def store(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work on a second connection to the bot's database, for assertions."""
        if self._reader is None:
            self._reader = Database.from_url(self.database_url)
        async with self._reader.unit_of_work() as uow:
            yield uow

    async def close_reader(self) -> None:
        """Close the test's own connection to the database."""
        if self._reader is not None:
            await self._reader.close()
            self._reader = None


@pytest.fixture
def database_url(migrated_sqlite: Path, tmp_path: Path) -> str:
    """A fresh SQLite database for one test, already migrated (tests/conftest.py)."""
    return fresh_sqlite(migrated_sqlite, tmp_path / "bot.db")


@contextlib.asynccontextmanager
async def running_bot(database_url: str) -> AsyncIterator[BotHarness]:
    """The real bot on `database_url` against a fresh local Bot API; on the way out, every call
    it made must have been schema-clean and no handler may have apologised."""
    async with local_bot_api() as server:
        bot = BotHarness(server, SettableClock(START), database_url)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.close_reader()
            await bot.stop()
        assert_schema_clean(server)
        assert_no_apology(server)


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[BotHarness]:
    """The real bot running against a fresh local Bot API and database."""
    async with running_bot(database_url) as bot:
        yield bot


def assert_no_apology(server: LocalBotApi) -> None:
    """Fail if any journey made the error handler apologise: a handler crashed somewhere."""
    texts = texts_for("en")
    apologies = (
        texts.get("common.something_went_wrong"),
        texts.get("common.saved_but_something_went_wrong"),
    )
    crashed = [
        c.params.get("chat_id")
        for c in server.calls_to("sendMessage")
        if c.params.get("text") in apologies
    ]
    if crashed:
        raise AssertionError(f"a handler crashed (the bot apologised) in chat(s) {crashed}")
