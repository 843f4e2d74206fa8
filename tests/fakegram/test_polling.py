"""getUpdates behaves like Telegram's long polling: offset, limit, timeout, allowed_updates."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import Conflict

from fakegram import LocalBotApi


@pytest.fixture
async def bot(local_api: LocalBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot talking to the local server."""
    async with Bot(local_api.token, base_url=local_api.base_url) as client:
        yield client


async def test_offset_confirms_and_limit_caps(local_api: LocalBotApi, bot: Bot) -> None:
    user = local_api.user()
    for text in ("a", "b", "c"):
        user.send_text(text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["a", "b"]
    again = await bot.get_updates()  # nothing confirmed yet
    assert len(again) == 3
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["c"]
    assert rest[0].update_id == first[-1].update_id + 1
    last = await bot.get_updates(offset=-1)
    assert [u.message.text for u in last if u.message] == ["c"]


async def test_long_polling_waits_for_an_update(local_api: LocalBotApi, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=0) == ()
    assert time.monotonic() - started < 3  # answered at once, not after a long poll
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await local_api.wait_until_polling()
    assert not poll.done()
    local_api.user().send_text("wake up")
    updates = await asyncio.wait_for(poll, 3)
    assert [u.message.text for u in updates if u.message] == ["wake up"]


async def test_allowed_updates_filters_new_updates(local_api: LocalBotApi, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    user = local_api.user()
    user.send_text("ignored")
    user.press_raw("data", message_id=1)
    updates = await bot.get_updates()
    assert [u.callback_query.data for u in updates if u.callback_query] == ["data"]
    assert all(u.message is None for u in updates)
    await bot.get_updates(allowed_updates=[], offset=updates[-1].update_id + 1)  # back to default
    user.send_text("seen")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["seen"]


async def test_a_second_poller_ends_the_first_with_conflict(
    local_api: LocalBotApi, bot: Bot
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await local_api.wait_until_polling()
    async with Bot(local_api.token, base_url=local_api.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 3)
        local_api.user().send_text("for the newest poller")
        assert len(await second) == 1


async def test_wait_idle_names_updates_nobody_fetched(local_api: LocalBotApi) -> None:
    local_api.user().send_text("hello?")
    with pytest.raises(TimeoutError, match="1 update\\(s\\) never fetched"):
        await local_api.wait_idle(timeout=0.05)
    local_api.state.updates.drop_all()
