"""Limits mode: Telegram's flood limits answered with 429 and counted for benchmarks."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from fakegram import LocalBotApi, RateLimits
from fakegram.faults import RateLimiter
from fakegram.testing import assert_schema_clean, local_bot_api


@pytest.fixture
async def limited() -> AsyncIterator[LocalBotApi]:
    """A server enforcing Telegram's limits, its limits clock stopped so counts are exact."""
    async with local_bot_api(enforce_limits=True, limits_clock=lambda: 1000.0) as server:
        yield server
        assert_schema_clean(server)


@pytest.fixture
async def bot(limited: LocalBotApi) -> AsyncIterator[Bot]:
    """A PTB Bot with a connection pool big enough to flood."""
    from telegram.request import HTTPXRequest

    request = HTTPXRequest(connection_pool_size=64)
    async with Bot(limited.token, base_url=limited.base_url, request=request) as client:
        yield client


async def _send_all(bot: Bot, chat_ids: list[int]) -> list[BaseException | object]:
    return await asyncio.gather(
        *(bot.send_message(chat_id, "tick") for chat_id in chat_ids), return_exceptions=True
    )


async def test_one_message_per_second_per_chat(limited: LocalBotApi, bot: Bot) -> None:
    user = limited.user(1)
    user.send_text("/start")
    results = await _send_all(bot, [1, 1, 1])
    refused = [r for r in results if isinstance(r, RetryAfter)]
    assert len(refused) == 2
    assert all(r.retry_after == dt.timedelta(seconds=1) for r in refused)
    assert limited.stats.sent_per_chat[1] == 1
    assert limited.stats.rejected_per_chat[1] == 2
    assert limited.stats.too_many_requests == 2


async def test_thirty_messages_per_second_overall(limited: LocalBotApi, bot: Bot) -> None:
    chat_ids = list(range(1, 41))
    for chat_id in chat_ids:
        limited.user(chat_id).send_text("/start")
    results = await _send_all(bot, chat_ids)
    assert sum(isinstance(r, RetryAfter) for r in results) == 10
    assert limited.stats.sent == 30
    assert limited.stats.peak_per_second() == 30
    assert limited.stats.too_many_requests == 10


async def test_paid_broadcasts_go_beyond_the_free_limit_up_to_their_own_and_are_counted(
    limited: LocalBotApi, bot: Bot
) -> None:
    chat_ids = list(range(1, 81))
    for chat_id in [*chat_ids, 81]:
        limited.user(chat_id).send_text("/start")
    free = await _send_all(bot, chat_ids[:30])
    assert not any(isinstance(r, RetryAfter) for r in free)
    paid = await asyncio.gather(
        *(bot.send_message(c, "tick", allow_paid_broadcast=True) for c in chat_ids[30:]),
        return_exceptions=True,
    )
    assert not any(isinstance(r, BaseException) for r in paid)
    assert limited.stats.paid == 50
    assert limited.stats.sent == 80
    assert limited.stats.peak_per_second() == 30
    assert limited.stats.peak_per_second(paid=True) == 50
    # A free message still meets the full free limit; a paid one to the same chat, the chat's.
    [late] = await _send_all(bot, [81])
    assert isinstance(late, RetryAfter)
    with pytest.raises(RetryAfter):
        await bot.send_message(chat_ids[0], "again", allow_paid_broadcast=True)


def test_the_paid_limit_is_a_thousand_a_second() -> None:
    limiter = RateLimiter(RateLimits())
    for chat_id in range(1, 1001):
        assert limiter.retry_after(chat_id, False, 50.0, paid=True) is None
        limiter.record(chat_id, False, 50.0, paid=True)
    assert limiter.retry_after(5000, False, 50.0, paid=True) == 1
    assert limiter.retry_after(5000, False, 50.0) is None  # the free limit is untouched


def test_the_windows_slide() -> None:
    limiter = RateLimiter(
        RateLimits(global_per_second=2, per_chat_per_second=1, per_group_per_minute=3)
    )
    limiter.record(1, False, now=100.0)
    assert limiter.retry_after(1, False, now=100.5) == 1
    assert limiter.retry_after(2, False, now=100.5) is None
    limiter.record(2, False, now=100.5)
    assert limiter.retry_after(3, False, now=100.6) == 1  # two in the last second overall
    assert limiter.retry_after(1, False, now=100.996) is None  # within the tolerance
    for moment in (200.0, 202.0, 204.0):
        limiter.record(-5, True, now=moment)
    assert limiter.retry_after(-5, True, now=206.0) == 54  # three in the last minute
    assert limiter.retry_after(-5, True, now=260.0) is None
