"""Fault benchmark: do prompts go out once, and are people's messages handled once, while
Telegram or the database misbehaves?

    .venv/bin/python bench/faults.py                      # every scenario, the issue's sizes
    .venv/bin/python bench/faults.py --quick              # scaled down (a few minutes in all)
    .venv/bin/python bench/faults.py --only outage slow

Scenarios (PostgreSQL at TEST_DATABASE_URL; the local Bot API server runs here):

- outage: `--prompts` water prompts due while sendMessage answers 502 for `--fault` seconds;
- flood: the same, with a fifth of the sends answered 429 (retry after 1 s) instead;
- slow: the same, with Telegram answering slower than the read timeout (the message is
  delivered all the same: the bot only sees TimedOut);
- db-down: `--chatters` people each send /water 250 every 2 s through the real application
  (polling through the inbox) while PostgreSQL refuses connections for `--db-fault` seconds;
- sigkill: a dispatcher process is killed (SIGKILL) a second into a batch of `--prompts`
  prompts sent at Telegram's pace, and another process takes over once the first is known dead.

The dispatcher runs in this process on a clock that goes `--speed` times faster than real time
(so a failed prompt's one-minute retry comes after 60/speed real seconds); sends are real HTTP.
Each scenario prints prompts sent once / twice / never (and skipped, past their grace), messages
acknowledged but not handled, replies lost, and updates handled twice.
"""

# ruff: noqa: E402  (the path fix below must run before the project's imports)
from __future__ import annotations

import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.config import Settings
from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import local_bot_api
from handlers.prompts import builders
from reminders.dispatcher import Dispatcher
from storage.db import Database
from storage.migrate import upgrade_database
from tests.inbox_rig import inbox_polling
from tests.postgres import pg_url
from tests.reminders.crowd import Worker, delivery_counts, postgres_schema, seed_crowd
from tests.webhook.conftest import scratch_postgres, set_connections_allowed

TODAY = dt.date(2026, 11, 18)
NOON = dt.datetime.combine(TODAY, dt.time(12), ZoneInfo("Europe/Berlin")).astimezone(dt.UTC)
READ_TIMEOUT = 1.0
SCENARIOS = ("outage", "flood", "slow", "db-down", "sigkill")


@dataclass
class Result:
    """One scenario's figures."""

    name: str
    seconds: float
    once: int = 0
    twice: int = 0
    never: int = 0
    skipped: int = 0
    acked_not_handled: int = 0
    replies_lost: int = 0
    handled_twice: int = 0
    note: str = ""

    def line(self) -> str:
        return (
            f"| {self.name} | {self.once} | {self.twice} | {self.never} | {self.skipped} | "
            f"{self.acked_not_handled} | {self.replies_lost} | {self.handled_twice} | "
            f"{self.seconds:.0f} s | {self.note} |"
        )


class FastClock:
    """NOON + 30 s, then `speed` times faster than real time."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.started = time.monotonic()

    def __call__(self) -> dt.datetime:
        elapsed = (time.monotonic() - self.started) * self.speed
        return NOON + dt.timedelta(seconds=30 + elapsed)


def prompt_counts(server: LocalBotApi, chats: list[int], result: Result) -> None:
    """Once / twice / never per chat, from what each person's chat shows."""
    for chat in chats:
        n = delivered(server, chat)
        if n == 1:
            result.once += 1
        elif n > 1:
            result.twice += 1
        else:
            result.never += 1


def delivered(server: LocalBotApi, chat: int) -> int:
    """Messages the person sees (a timed-out send Telegram applied counts: it arrived)."""
    return len(server.user(chat).messages)


async def prompts_under_fault(args: argparse.Namespace, name: str) -> Result:
    """outage, flood or slow: prompts due while sendMessage misbehaves for a while."""
    async with postgres_schema(pg_url()) as schema, local_bot_api() as server:
        database = Database.from_url(pg_url(), schema=schema)
        chats = await seed_crowd(database, server, args.prompts, NOON)
        limiter = PriorityRateLimiter(overall_per_second=30, chat_interval=1.0)
        bot: ExtBot[dict[str, Any]] = ExtBot(
            server.token,
            base_url=server.base_url,
            base_file_url=server.base_file_url,
            request=HTTPXRequest(connection_pool_size=64, read_timeout=READ_TIMEOUT),
            rate_limiter=limiter,
        )
        await bot.initialize()
        clock = FastClock(args.speed)
        dispatcher = Dispatcher(database, bot, clock, builders)
        if name == "outage":
            server.fail_always("sendMessage", "server_error")
        elif name == "flood":
            server.fail_always("sendMessage", "retry_after", share=0.2, retry_after=1)
        else:
            server.fail_always("sendMessage", "timeout", applied=True, hold=READ_TIMEOUT + 1)
        started = time.monotonic()
        dispatcher.start()
        deadline = started + args.fault + args.settle
        try:
            while time.monotonic() < deadline:
                if time.monotonic() - started >= args.fault:
                    server.clear_faults()
                await dispatcher.tick()
                await asyncio.sleep(20 / args.speed)  # the job's 20 s, in fast time
                sent = sum(1 for chat in chats if delivered(server, chat))
                if time.monotonic() - started >= args.fault and sent >= len(chats):
                    break
            await dispatcher.drain()
        finally:
            await dispatcher.stop()
            await bot.shutdown()
        result = Result(name, time.monotonic() - started)
        prompt_counts(server, chats, result)
        async with database.unit_of_work() as uow:
            rows = [await uow.deliveries.for_day(n + 1, TODAY) for n in range(len(chats))]
        result.skipped = sum(1 for day in rows for d in day if d.skipped)
        uncertain = sum(1 for day in rows for d in day if d.uncertain)
        result.note = f"{uncertain} uncertain (timed out, delivered)" if uncertain else ""
        await database.close()
        return result


async def count_chat(
    database: Database, people: list[Any], sent: Counter[int], result: Result
) -> None:
    """Messages not handled, handled twice, and replies lost, from the water each person has
    logged today and the confirmations they saw."""
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()  # the app's clock
    async with database.unit_of_work() as uow:
        for person in people:
            stored = await uow.people.get(person.user_id)
            assert stored is not None
            handled = len(await uow.days.water_logs(stored.id, today))
            replies = sum(1 for m in person.messages if (m.text or "").startswith("Logged"))
            result.acked_not_handled += max(0, sent[person.user_id] - handled)
            result.handled_twice += max(0, handled - sent[person.user_id])
            result.replies_lost += max(0, sent[person.user_id] - replies)


async def chat_while_database_down(args: argparse.Namespace) -> Result:
    """db-down: people chat while PostgreSQL refuses connections for a while."""
    async with scratch_postgres() as url, local_bot_api() as server:
        database = Database.from_url(url)
        await upgrade_database(database)
        settings = Settings(
            telegram_bot_token=server.token,  # type: ignore[arg-type]
            telegram_api_base_url=server.url,
            database_url=url,
        )
        app = build_application(
            settings,
            dispatch_every=None,
            rate_limiter=PriorityRateLimiter(chat_interval=0, margin=0),
            polling=False,
        )
        people = [server.user(7000 + n, f"P{n}") for n in range(args.chatters)]
        async with database.unit_of_work() as uow:
            for person in people:
                await uow.people.create_with_consent(
                    person.user_id, person.user_id, consented_at=NOON, timezone="Europe/Berlin"
                )
        for person in people:
            server.state.chats[person.user_id].started = True
        sent = Counter[int]()
        started = time.monotonic()
        async with inbox_polling(app, server):
            down_at = started + args.db_fault / 2
            up_at = down_at + args.db_fault
            end = up_at + args.db_fault / 2
            down = False
            while time.monotonic() < end:
                now = time.monotonic()
                if not down and down_at <= now < up_at:
                    await set_connections_allowed(url, False)
                    down = True
                if down and now >= up_at:
                    await set_connections_allowed(url, True)
                    down = False
                for person in people:
                    person.send_text("/water 250")
                    sent[person.user_id] += 1
                await asyncio.sleep(2.0)
            if down:
                await set_connections_allowed(url, True)
            try:
                await server.wait_idle(timeout=args.settle)
                stuck = ""
            except TimeoutError:
                intake = app.bot_data.intake
                stuck = f"; not idle after {args.settle:.0f} s: {intake.debug_state()}"
        result = Result("db-down", time.monotonic() - started)
        await count_chat(database, people, sent, result)
        async with database.unit_of_work() as uow:
            outcomes = await uow.inbox.outcomes()
        acked = len(server.state.updates.delivered)
        result.note = f"{sum(sent.values())} messages, {acked} fetched; inbox {outcomes}{stuck}"
        await database.close()
        return result


async def kill_mid_batch(args: argparse.Namespace) -> Result:
    """sigkill: a dispatcher process killed a second into its batch; another takes over."""
    async with postgres_schema(pg_url()) as schema, local_bot_api() as server:
        database = Database.from_url(pg_url(), schema=schema)
        chats = await seed_crowd(database, server, args.prompts, NOON)
        log_dir = Path(args.workdir)
        at = (NOON + dt.timedelta(seconds=30)).isoformat()
        started = time.monotonic()
        first = await Worker.start(
            server, pg_url(), schema, NOON + dt.timedelta(seconds=30), log_dir / "a.log",
            "--claimant", "a",
        )  # fmt: skip
        while sum(1 for c in server.calls_to("sendMessage") if c.ok) < args.prompts // 5:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # a fifth of the batch is out: kill it mid-batch
        await first.kill()
        in_flight = sum(1 for c in server.calls_to("sendMessage") if c.ok)
        second = await Worker.start(
            server, pg_url(), schema, NOON + dt.timedelta(seconds=30), log_dir / "b.log",
            "--claimant", "b", "--after-takeover",
        )  # fmt: skip
        await second.finish(timeout=args.settle + 120)
        result = Result("sigkill", time.monotonic() - started)
        prompt_counts(server, chats, result)
        taken_over = await delivery_counts(database)
        result.note = (
            f"killed after {in_flight} sends; {taken_over[2]} claims taken over; "
            f"second instance looked at {at}"
        )
        await database.close()
        return result


async def main_async(args: argparse.Namespace) -> None:
    print(
        f"prompts={args.prompts} fault={args.fault:.0f} s db-fault={args.db_fault:.0f} s "
        f"speed={args.speed:g} chatters={args.chatters}"
    )
    print(
        "| scenario | once | twice | never | skipped | acked, not handled | replies lost "
        "| handled twice | took | note |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.only or SCENARIOS:
        if name in ("outage", "flood", "slow"):
            result = await prompts_under_fault(args, name)
        elif name == "db-down":
            result = await chat_while_database_down(args)
        else:
            result = await kill_mid_batch(args)
        print(result.line(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompts", type=int, default=300)
    parser.add_argument("--fault", type=float, default=120.0, help="seconds a Telegram fault lasts")
    parser.add_argument(
        "--db-fault", type=float, default=60.0, help="seconds PostgreSQL refuses connections"
    )
    parser.add_argument("--chatters", type=int, default=20)
    parser.add_argument("--speed", type=float, default=6.0)
    parser.add_argument("--settle", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS)
    parser.add_argument("--workdir", default="/tmp/checkin-bench-faults")
    parser.add_argument("--quick", action="store_true", help="100 prompts, 20 s faults")
    args = parser.parse_args()
    if args.quick:
        args.prompts, args.fault, args.db_fault, args.chatters = 100, 20.0, 20.0, 10
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.CRITICAL)  # the faults make every layer complain
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
