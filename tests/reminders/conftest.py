"""Fixtures for the dispatcher tests: a migrated SQLite file (tests/conftest.py's template), the
local Bot API, the rig."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from storage.db import Database
from tests.conftest import fresh_sqlite
from tests.reminders.rig import START, Rig, SettableClock, make_bot


@pytest.fixture
async def database(migrated_sqlite: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated SQLite database for one test (a copy of the session's template)."""
    database = Database.from_url(fresh_sqlite(migrated_sqlite, tmp_path / "checkin.db"))
    yield database
    await database.close()


@pytest.fixture
async def server() -> AsyncIterator[LocalBotApi]:
    """A local Bot API; the test fails if any call broke the schema."""
    async with local_bot_api() as api:
        yield api
        assert_schema_clean(api)


@pytest.fixture
def limiter() -> PriorityRateLimiter:
    """30 messages a second overall, but no per-chat pacing: with a clock that jumps hours
    ahead, one person's prompts follow each other within milliseconds of real time (the
    fault tests and tests/reminders/test_ratelimit.py use Telegram's full limits)."""
    return PriorityRateLimiter(chat_interval=0, margin=0)


@pytest.fixture
async def rig(
    server: LocalBotApi, database: Database, limiter: PriorityRateLimiter
) -> AsyncIterator[Rig]:
    """A Dispatcher on the database and server, sending through `limiter`."""
    bot = make_bot(server, limiter)
    await bot.initialize()
    test_rig = Rig(server, database, bot, limiter, SettableClock(START))
    try:
        yield test_rig
    finally:
        await test_rig.dispatcher.stop()
        await bot.shutdown()
