"""The send budget shared by instances: two processes together stay within Telegram's limits.

Each process is a sender with the real PriorityRateLimiter over the PostgreSQL (or Redis)
budget; the local Bot API server in the test process enforces Telegram's limits (30 messages
in any second, 1 a second per chat, 429 beyond them) and records every accepted message.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from tests.delivery.redis_server import REDIS_URL, redis_or_skip
from tests.postgres import pg_url
from tests.reminders.crowd import postgres_schema
from tests.reminders.rig import open_chat

pytestmark = [pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SHARED_CHAT = 107  # the second process's chat that the first one sends to as well


@pytest.fixture
async def limited() -> AsyncIterator[LocalBotApi]:
    """A server answering 429 when Telegram would."""
    async with local_bot_api(enforce_limits=True) as server:
        for chat_id in range(1, 301):
            open_chat(server, chat_id)
        yield server
        assert_schema_clean(server)


@pytest.fixture(params=["postgresql", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[list[str]]:
    """The worker options naming a fresh shared budget."""
    if request.param == "redis":
        prefix = f"test:{uuid.uuid4().hex[:12]}"
        await redis_or_skip()
        yield ["--redis-url", REDIS_URL, "--prefix", prefix]
        return
    async with postgres_schema(pg_url()) as schema:
        yield ["--database-url", pg_url(), "--schema", schema]


async def start_worker(
    server: LocalBotApi, chats: list[int], options: list[str], log: Path
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.delivery.budget_worker",
        "--api-url", server.url, "--token", server.token,
        "--chats", ",".join(map(str, chats)), *options,
        cwd=REPO, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=log.open("wb"),
    )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    assert line.strip() == b"ready", f"worker said {line!r}; see {log}"
    return process


async def run_workers(processes: list[asyncio.subprocess.Process]) -> None:
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
    for process in processes:
        assert process.stdout is not None
        assert (await asyncio.wait_for(process.stdout.readline(), 60)).strip() == b"done"
        assert await process.wait() == 0


async def test_two_processes_together_stay_within_the_limits_and_one_alone_may_use_all(
    limited: LocalBotApi, backend: list[str], tmp_path: Path
) -> None:
    # One process alone: it is not held to half of the budget.
    alone = await start_worker(limited, list(range(201, 291)), backend, tmp_path / "alone.log")
    await run_workers([alone])
    assert limited.stats.too_many_requests == 0
    assert limited.stats.peak_per_second() > 20  # well over a half share of 30

    # Two processes at once, with one chat in common.
    first = [*range(1, 91), SHARED_CHAT]
    second = list(range(101, 191))
    limited.stats.send_times.clear()
    workers = [
        await start_worker(limited, chats, backend, tmp_path / f"w{n}.log")
        for n, chats in enumerate((first, second))
    ]
    await run_workers(workers)

    stats = limited.stats
    assert stats.too_many_requests == 0
    assert stats.peak_per_second() <= 30  # no second where the sum exceeds the limit
    assert all(stats.sent_per_chat[c] == 1 for c in {*first, *second} - {SHARED_CHAT})
    assert stats.sent_per_chat[SHARED_CHAT] == 2
    shared = [c.at for c in limited.calls_to("sendMessage") if c.params["chat_id"] == SHARED_CHAT]
    assert len(shared) == 2
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(shared))
    assert not any(c.params.get("allow_paid_broadcast") for c in limited.calls_to("sendMessage"))
