"""The PriorityRateLimiter against a local Bot API that enforces Telegram's limits.

A batch of scheduled prompts (bulk) and a person talking to the bot at the same time: no 429,
never more than 30 a second, never two in one chat within a second, and the person's replies
go out ahead of the queued batch.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import ExtBot

from delivery.ratelimit import BULK, PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from tests.reminders.rig import make_bot, open_chat

BULK_CHATS = range(1, 201)
PERSON = 9999


@pytest.fixture
async def limited() -> AsyncIterator[LocalBotApi]:
    """A server answering 429 when Telegram would."""
    async with local_bot_api(enforce_limits=True) as server:
        for chat_id in (*BULK_CHATS, PERSON):
            open_chat(server, chat_id)
        yield server
        assert_schema_clean(server)


@pytest.fixture
async def bot(limited: LocalBotApi) -> AsyncIterator[ExtBot[dict[str, Any]]]:
    """A bot sending through the limiter with Telegram's limits (the bot's default)."""
    client = make_bot(limited, PriorityRateLimiter())
    async with client:
        yield client


async def timed_reply(bot: ExtBot[dict[str, Any]], text: str) -> float:
    """Send a reply to the person (normal priority); seconds until Telegram accepted it."""
    started = time.monotonic()
    await bot.send_message(PERSON, text)
    return time.monotonic() - started


async def test_a_batch_and_a_conversation_within_telegrams_limits(
    limited: LocalBotApi, bot: ExtBot[dict[str, Any]]
) -> None:
    started = time.monotonic()
    batch = asyncio.gather(
        *(bot.send_message(chat_id, "prompt", rate_limit_args=BULK) for chat_id in BULK_CHATS)
    )
    await asyncio.sleep(1.0)  # the batch is flowing, most of it still queued
    latencies = []
    for n in range(4):
        latencies.append(await timed_reply(bot, f"reply {n}"))
        await asyncio.sleep(1.0)
    replied = time.monotonic()
    # Two answers in a row to the same person: the second waits for the chat's second.
    pair = await asyncio.gather(timed_reply(bot, "first"), timed_reply(bot, "second"))
    await batch
    took = time.monotonic() - started

    stats = limited.stats
    assert stats.too_many_requests == 0
    assert stats.sent == len(BULK_CHATS) + 6
    assert stats.peak_per_second() <= 30
    assert all(stats.sent_per_chat[chat_id] == 1 for chat_id in BULK_CHATS)
    # The batch keeps close to the limit: 206 messages at 30 a second take about 7 s.
    assert 206 / 30 - 0.5 <= took <= 206 / 20

    person = [c.at for c in limited.calls_to("sendMessage") if c.params["chat_id"] == PERSON]
    assert len(person) == 6
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(person))
    # Replies jump the queue: each goes out within a fraction of a second although well over
    # a hundred prompts were waiting, and all of them while the batch was still going.
    # (The batch alone would hold a reply back for seconds.)
    assert max(latencies) < 1.0, latencies
    assert min(pair) < 1.0 and 0.9 <= max(pair) < 2.0, pair
    bulk_times = [c.at for c in limited.calls_to("sendMessage") if c.params["chat_id"] != PERSON]
    assert max(bulk_times) > replied
