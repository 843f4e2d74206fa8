"""One instance's sender in its own process, sharing the send budget, for the two-process tests.

    python -m tests.delivery.budget_worker --api-url URL --token TOKEN --chats 1,2,3 \\
        (--database-url URL --schema NAME | --redis-url URL --prefix KEY) [--paid-cap N]

Prints "ready" once connected, waits for a line on stdin, sends one scheduled prompt (bulk
priority) to every chat at once through PriorityRateLimiter with the shared budget, prints
"done" and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from delivery.budget import SharedBudget
from delivery.ratelimit import BULK_MAY_PAY, PriorityRateLimiter
from storage.send_budget import PostgresSendBudget, RedisSendBudget


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--chats", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--schema")
    parser.add_argument("--redis-url")
    parser.add_argument("--prefix", default="checkin:send")
    parser.add_argument("--paid-cap", type=int, default=0)
    return parser.parse_args(argv)


async def send_all(args: argparse.Namespace) -> None:
    budget: SharedBudget = (
        RedisSendBudget(args.redis_url, prefix=args.prefix)
        if args.redis_url
        else PostgresSendBudget.open(args.database_url, schema=args.schema)
    )
    limiter = PriorityRateLimiter(shared=budget, paid_daily_cap=args.paid_cap)
    chats = [int(c) for c in args.chats.split(",")]
    bot: ExtBot[dict[str, Any]] = ExtBot(
        args.token,
        base_url=f"{args.api_url}/bot",
        base_file_url=f"{args.api_url}/file/bot",
        request=HTTPXRequest(connection_pool_size=len(chats) + 8, pool_timeout=30.0),
        rate_limiter=limiter,
    )
    await bot.initialize()
    await budget.paid_today()  # connected before saying ready
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    try:
        await asyncio.gather(
            *(bot.send_message(c, "prompt", rate_limit_args=BULK_MAY_PAY) for c in chats)
        )
    finally:
        await bot.shutdown()  # closes the budget too
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(send_all(parse(sys.argv[1:])))
