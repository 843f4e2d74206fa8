"""One bot instance's dispatcher in its own process, for the multi-process tests.

    python -m tests.reminders.dispatch_worker --database-url URL --schema NAME \\
        --api-url http://127.0.0.1:PORT --token TOKEN --now 2026-11-18T11:00:30+00:00 \\
        [--until ISO --step 60] [--lease 300] [--overall 30 --chat-interval 1] [--wait-go]

Its clock stands at `--now`; with `--until` it steps forward by `--step` seconds each time
nothing more is due, until `--until`. Prints "ready" once connected (and waits for a line on
stdin with `--wait-go`), then a JSON line of outcomes when done.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import sys
from typing import Any

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from delivery.ratelimit import PriorityRateLimiter
from handlers.prompts import builders
from inbox.liveness import Liveness
from reminders.dispatcher import Dispatcher
from storage.db import Database


class SteppedClock:
    """Stands still until told to step."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--now", type=dt.datetime.fromisoformat, required=True)
    parser.add_argument("--until", type=dt.datetime.fromisoformat)
    parser.add_argument("--step", type=float, default=60.0)
    parser.add_argument("--lease", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=40)
    parser.add_argument("--overall", type=int, default=30)
    parser.add_argument("--chat-interval", type=float, default=1.0)
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument("--claimant", help="instance id: claims name it; heartbeats and takeovers")
    parser.add_argument("--silent-after", type=float, default=15.0)
    parser.add_argument(
        "--after-takeover",
        action="store_true",
        help="start sending only once every other registered instance was taken over",
    )
    return parser.parse_args(argv)


async def dispatch(args: argparse.Namespace) -> dict[str, int]:
    database = Database.from_url(args.database_url, schema=args.schema)
    limiter = PriorityRateLimiter(overall_per_second=args.overall, chat_interval=args.chat_interval)
    bot: ExtBot[dict[str, Any]] = ExtBot(
        args.token,
        base_url=f"{args.api_url}/bot",
        base_file_url=f"{args.api_url}/file/bot",
        request=HTTPXRequest(connection_pool_size=args.workers + 8, pool_timeout=10.0),
        rate_limiter=limiter,
    )
    clock = SteppedClock(args.now)
    await bot.initialize()
    dispatcher = Dispatcher(
        database,
        bot,
        clock,
        builders,
        workers=args.workers,
        lease=dt.timedelta(seconds=args.lease),
        claimant=args.claimant,
    )
    async with database.unit_of_work() as uow:  # connect before saying ready
        await uow.schedules.due_prompts(args.now, limit=1)
    beating: asyncio.Task[None] | None = None
    if args.claimant:
        liveness = Liveness(
            database,
            args.claimant,
            lambda: dt.datetime.now(dt.UTC),
            silent_after=dt.timedelta(seconds=args.silent_after),
        )
        await liveness.beat()
        beating = asyncio.create_task(_beat(liveness))
    print("ready", flush=True)
    if args.wait_go:
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if args.claimant and args.after_takeover:
        await _silent_ones_taken_over(database, args.claimant, args.silent_after)
    dispatcher.start()
    try:
        while True:
            for _ in range(50):  # until nothing more is due at this instant
                if not await dispatcher.tick():
                    break
                await dispatcher.drain()
            if args.until is None or clock.now >= args.until:
                break
            clock.now = min(clock.now + dt.timedelta(seconds=args.step), args.until)
    finally:
        if beating is not None:
            beating.cancel()
        await dispatcher.stop()
        await bot.shutdown()
        await database.close()
    return dispatcher.outcomes


async def _beat(liveness: Liveness) -> None:
    while True:
        await asyncio.sleep(0.5)
        with contextlib.suppress(Exception):
            await liveness.beat()


async def _silent_ones_taken_over(database: Database, me: str, silent_after: float) -> None:
    """Wait until no other instance is registered (the silent ones were taken over)."""
    started = dt.datetime.now(dt.UTC)
    while True:
        await asyncio.sleep(0.2)
        now = dt.datetime.now(dt.UTC)
        async with database.unit_of_work() as uow:
            others = await uow.instances.silent_since(now + dt.timedelta(days=1), but=me)
        if not others and (now - started).total_seconds() >= min(silent_after, 1.0):
            return


def main(argv: list[str]) -> int:
    outcomes = asyncio.run(dispatch(parse(argv)))
    print(json.dumps(outcomes), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
