"""The shared budget's rules, asked directly (PostgreSQL and Redis): the overall limit, one
message a second per chat, a place kept for replies, paid permits only within the cap, and
places coming back after the answer's second or a dead holder's lease."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from delivery.budget import SharedBudget
from storage.send_budget import Limits, PostgresSendBudget, RedisSendBudget
from tests.delivery.redis_server import REDIS_URL, redis_or_skip
from tests.postgres import pg_url
from tests.reminders.crowd import postgres_schema

REPLY = Limits(overall=30)
PROMPT = Limits(overall=29)  # what PriorityRateLimiter asks for a prompt: one place kept


@pytest.fixture(params=["postgresql", "redis"])
async def budget(request: pytest.FixtureRequest) -> AsyncIterator[SharedBudget]:
    """A fresh shared budget."""
    if request.param == "redis":
        await redis_or_skip()
        redis_budget = RedisSendBudget(REDIS_URL, prefix=f"test:{uuid.uuid4().hex[:12]}")
        yield redis_budget
        await redis_budget.close()
        return
    async with postgres_schema(pg_url()) as schema:
        pg_budget = PostgresSendBudget.open(pg_url(), schema=schema)
        yield pg_budget
        await pg_budget.close()


async def test_prompts_leave_a_place_for_replies_and_nobody_passes_the_limit(
    budget: SharedBudget,
) -> None:
    prompts = [await budget.take(chat, PROMPT) for chat in range(1, 30)]
    assert all(g.permit is not None and not g.paid for g in prompts)
    refused = await budget.take(100, PROMPT)
    assert refused.permit is None and refused.wait > 0
    reply = await budget.take(200, REPLY)
    assert reply.permit is not None  # the kept place
    assert (await budget.take(201, REPLY)).permit is None  # 30 in all


async def test_one_message_a_second_per_chat_counted_from_the_answer(
    budget: SharedBudget,
) -> None:
    first = await budget.take(7, REPLY)
    assert first.permit is not None
    busy = await budget.take(7, REPLY)
    assert busy.permit is None  # still on its way: held for its lease
    await budget.give_back(first.permit, 0.3)
    assert (await budget.take(7, REPLY)).permit is None
    await asyncio.sleep(0.35)
    assert (await budget.take(7, REPLY)).permit is not None


async def test_a_dead_holders_place_comes_back_after_its_lease(budget: SharedBudget) -> None:
    short = Limits(overall=1, lease=0.3)
    assert (await budget.take(1, short)).permit is not None  # never given back
    assert (await budget.take(2, short)).permit is None
    await asyncio.sleep(0.35)
    assert (await budget.take(2, short)).permit is not None


async def test_paid_permits_only_when_the_free_budget_is_full_and_within_the_cap(
    budget: SharedBudget,
) -> None:
    paying = Limits(overall=2, paid_per_second=1000, paid_cap=3)
    grants = [await budget.take(chat, paying) for chat in range(1, 8)]
    assert [g.paid for g in grants[:5]] == [False, False, True, True, True]
    assert all(g.permit is None for g in grants[5:])  # the day's cap is used up
    assert await budget.paid_today() == 3
    never = await budget.take(50, Limits(overall=2, paid_per_second=1000, paid_cap=0))
    assert never.permit is None
