"""Paid broadcasts: off unless the operator sets a daily cap; then late prompts beyond the free
limit go out with allow_paid_broadcast, up to the cap, and the local Bot API counts them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_application
from bot.config import Settings
from delivery.ratelimit import BULK, BULK_MAY_PAY, PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from storage.send_budget import PostgresSendBudget
from tests.postgres import pg_url
from tests.reminders.crowd import postgres_schema
from tests.reminders.rig import make_bot, open_chat

CHATS = range(1, 151)


@pytest.fixture
async def limited() -> AsyncIterator[LocalBotApi]:
    """A server answering 429 when Telegram would, paid limit included."""
    async with local_bot_api(enforce_limits=True) as server:
        for chat_id in CHATS:
            open_chat(server, chat_id)
        yield server
        assert_schema_clean(server)


async def send_batch(limiter: PriorityRateLimiter, server: LocalBotApi, args: Any) -> None:
    async with make_bot(server, limiter) as bot:
        await asyncio.gather(*(bot.send_message(c, "prompt", rate_limit_args=args) for c in CHATS))


def paid_calls(server: LocalBotApi) -> int:
    calls = server.calls_to("sendMessage")
    return sum(1 for c in calls if c.ok and c.params.get("allow_paid_broadcast"))


def test_paid_broadcast_is_off_by_default() -> None:
    settings = Settings(telegram_bot_token="1:x")  # type: ignore[arg-type]
    assert settings.paid_broadcast_daily_cap == 0
    limiter = build_application(settings).bot.rate_limiter
    assert isinstance(limiter, PriorityRateLimiter) and limiter.paid_daily_cap == 0


async def test_late_prompts_never_pay_when_it_is_off(limited: LocalBotApi) -> None:
    await send_batch(PriorityRateLimiter(), limited, BULK_MAY_PAY)
    assert limited.stats.paid == 0 and paid_calls(limited) == 0
    assert limited.stats.sent == len(CHATS) and limited.stats.too_many_requests == 0


@pytest.mark.slow
async def test_with_a_cap_late_prompts_beyond_the_free_limit_pay_up_to_the_cap(
    limited: LocalBotApi,
) -> None:
    limiter = PriorityRateLimiter(paid_daily_cap=40)
    await send_batch(limiter, limited, BULK_MAY_PAY)
    stats = limited.stats
    assert stats.too_many_requests == 0
    assert stats.sent == len(CHATS)
    assert stats.paid == paid_calls(limited) == 40 == await limiter.paid_today()
    assert stats.peak_per_second() <= 30  # the free ones still keep the free limit


async def test_prompts_that_are_not_late_do_not_pay_even_with_a_cap(limited: LocalBotApi) -> None:
    await send_batch(PriorityRateLimiter(paid_daily_cap=1000), limited, BULK)
    assert limited.stats.paid == 0 and limited.stats.too_many_requests == 0


@pytest.mark.postgres
@pytest.mark.slow
async def test_the_shared_daily_cap_holds_across_instances(limited: LocalBotApi) -> None:
    # A free budget of 2 a second (1 for prompts), full at once whatever the machine's load:
    # the two instances' late prompts pay until the shared cap of 30 is used up.
    chats = range(1, 41)
    async with postgres_schema(pg_url()) as schema:
        budgets = [PostgresSendBudget.open(pg_url(), schema=schema) for _ in range(2)]
        limiters = [
            PriorityRateLimiter(overall_per_second=2, shared=b, paid_daily_cap=30) for b in budgets
        ]
        async with make_bot(limited, limiters[0]) as one, make_bot(limited, limiters[1]) as two:
            await asyncio.gather(
                *(
                    (one if c % 2 else two).send_message(c, "p", rate_limit_args=BULK_MAY_PAY)
                    for c in chats
                )
            )
            assert await budgets[0].paid_today() == 30
        assert limited.stats.too_many_requests == 0
        assert limited.stats.sent == len(chats)
        assert limited.stats.paid == paid_calls(limited) == 30
