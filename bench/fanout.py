"""Fan-out benchmark: the real bot process sends a minute's prompts within Telegram's limits.

    .venv/bin/python bench/fanout.py --people 100000 --due 3000 --db postgresql
    .venv/bin/python bench/fanout.py --people 100000 --due 3000 --instances 3 [--kill-one]
    .venv/bin/python bench/fanout.py --scenario morning --due 5000 --instances 3 --chatters 0

Seeds a throw-away database with `--people` people, `--due` of them with a prompt (a check-in
or a water reminder, half each, in six time zones) at the current local minute and the rest due
hours from now. Starts a local Bot API server here that enforces Telegram's limits (30 messages
a second overall, 1 a second per chat, 429 with retry_after beyond them), then `checkin-bot run`
as a subprocess against it with the system clock. While the batch goes out, `--chatters`
simulated people talk to the bot (/help and /water 250, one message every `--chat-every`
seconds in turn) and the time to each reply is measured. Prints one table: start-up (spawn to
the first getUpdates), memory (VmRSS high-water mark of the bot process), the batch (time to the
last prompt, send rate, 429s, duplicates, missing) and the reply latencies.

`--instances N` runs N `checkin-bot webhook` processes behind nginx (bench/cluster.py,
bench/nginx.conf; nginx is installed by bench/setup-nginx.sh if missing) on the one
PostgreSQL database, sharing its send budget; the local Bot API server posts updates to nginx.
`--kill-one` SIGKILLs the first instance once a third of the prompts are out. `--scenario
morning` seeds `--due` people in one zone on the default schedule whose water slot (their
09:00) is a minute ahead, and reports when each prompt went out against the slot and its grace
scaled to the crowd's size (see docs/scaling.md).
"""

# ruff: noqa: E402  (the path fix below must run before the project's imports)
from __future__ import annotations

import sys
from pathlib import Path

# `python bench/fanout.py` puts bench/ first on sys.path, where bench/storage.py would shadow
# the `storage` package; look for packages from the repository root instead.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse
import asyncio
import datetime as dt
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from bench import cluster
from bench.fanout_report import report
from fakegram import LocalBotApi
from reminders.clock_times import resolve_local
from reminders.slots import HYDRATION_GRACE
from reminders.spread import spread_offset, spread_window
from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import PersonRow, ScheduleRow, table_of

CHECKIN_BOT = Path(sys.executable).with_name("checkin-bot")
ZONES = (
    "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
    "Australia/Adelaide", "America/Sao_Paulo",
)  # fmt: skip
FIRST_USER_ID = 1_000_000_000
PROMPT_RATE = 29  # SEND_RATE less the place kept for replies: what the bot plans windows for
BATCH = 10_000


@dataclass
class Figures:
    """What one run measured (times in seconds, from the bench process's monotonic clock)."""

    spawned: float = 0.0
    startup: float = 0.0
    rss_at_startup_mb: float = 0.0
    peak_rss_mb: float = 0.0
    latencies: list[float] = field(default_factory=list)
    unanswered: int = 0
    instances: int = 0
    killed_at: float | None = None  # when an instance was SIGKILLed
    slot_at: float | None = None  # morning: the slot's instant on the monotonic clock


def person_row(n: int, zone: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": n + 1, "telegram_user_id": FIRST_USER_ID + n, "chat_id": FIRST_USER_ID + n,
        "language": "en", "timezone": zone, "consented_at": now, "active": True,
        "paused": False, "water_goal_ml": 2000, "conditions": [], "medications": [],
        "medication_changed_recently": False, "created_at": now, "updated_at": now,
    }  # fmt: skip


def schedule_row(n: int, zone: str, now: dt.datetime, due: bool) -> dict[str, Any]:
    """Due people: one prompt at the current local minute, no quiet hours. Everyone else: the
    default schedule, looked at again in six hours (after the benchmark)."""
    row: dict[str, Any] = {
        "person_id": n + 1, "hydration_start": dt.time(9), "hydration_end": dt.time(21),
        "hydration_every_minutes": 180, "stretch_at": dt.time(8), "checkin_at": dt.time(20),
        "quiet_start": dt.time(22), "quiet_end": dt.time(7),
        "next_due_at": now + dt.timedelta(hours=6), "version": 1, "updated_at": now,
    }  # fmt: skip
    if due:
        local = now.astimezone(ZoneInfo(zone))
        minute = local.time().replace(second=0, microsecond=0)
        hydration = n % 2 == 1
        row |= {
            "hydration_start": minute, "hydration_end": minute,
            "hydration_every_minutes": 60 if hydration else None, "stretch_at": None,
            "checkin_at": None if hydration else minute, "quiet_start": None, "quiet_end": None,
            "next_due_at": resolve_local(local.date(), minute, ZoneInfo(zone)),
        }  # fmt: skip
    return row


async def insert_batches(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        async with db.engine.begin() as connection:
            await connection.execute(insert(table_of(model)), rows[start : start + BATCH])


def daytime_zone(now: dt.datetime) -> str:
    """A zone where it is between 10:00 and 18:59 now (no stretch or check-in nearby)."""
    for zone in (*ZONES, "Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "Asia/Dubai"):
        if 10 <= now.astimezone(ZoneInfo(zone)).hour <= 18:
            return zone
    raise RuntimeError("no listed zone is in the daytime now")  # pragma: no cover


def morning_row(
    n: int, zone: str, now: dt.datetime, slot: dt.datetime, window: dt.timedelta
) -> dict[str, Any]:
    """The default schedule with its first water slot (the crowd's "09:00") at `slot`, next
    looked at at the person's place in the slot's window (what the bot's last look stored)."""
    local = slot.astimezone(ZoneInfo(zone))
    return schedule_row(n, zone, now, False) | {
        "hydration_start": local.time().replace(second=0, microsecond=0),
        "next_due_at": slot + spread_offset(n + 1, window),
    }  # fmt: skip


async def seed(db: Database, people: int, due: int, morning_slot: dt.datetime | None) -> None:
    """`due` people due now (ids 1..due), chatters last, everyone else later; for the morning
    scenario the `due` people share one zone and a water slot at `morning_slot`."""
    now = dt.datetime.now(dt.UTC)
    zones = [ZONES[n % len(ZONES)] for n in range(people)]
    if morning_slot is not None:
        zones[:due] = [daytime_zone(now)] * due
    await insert_batches(db, PersonRow, [person_row(n, zones[n], now) for n in range(people)])
    window = spread_window(due, PROMPT_RATE, HYDRATION_GRACE)
    rows = [
        morning_row(n, zones[n], now, morning_slot, window)
        if morning_slot is not None and n < due
        else schedule_row(n, zones[n], now, n < due)
        for n in range(people)
    ]
    await insert_batches(db, ScheduleRow, rows)
    if db.dialect == "postgresql":
        async with db.engine.begin() as connection:
            await connection.execute(text("ANALYZE"))


def open_chat(server: LocalBotApi, user_id: int) -> None:
    """The person has written to the bot before, so it may write to them."""
    server.user(user_id)
    server.state.chats[user_id].started = True


def memory_mb(pid: int, field_name: str) -> float:
    """VmRSS or VmHWM of a process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


async def chatter(
    server: LocalBotApi, user_id: int, every: float, stop: asyncio.Event, figures: Figures
) -> None:
    """One person writing to the bot every `every` seconds, timing each reply."""
    user = server.user(user_id)
    for n in range(1_000_000):
        if stop.is_set():
            return
        started = time.monotonic()
        user.send_text("/help" if n % 2 == 0 else "/water 250")
        try:
            await user.wait_for(timeout=15.0)
            figures.latencies.append(time.monotonic() - started)
        except TimeoutError:
            figures.unanswered += 1
        await asyncio.sleep(max(0.0, started + every - time.monotonic()))


async def watch_memory(pid: int, stop: asyncio.Event, figures: Figures) -> None:
    while not stop.is_set():
        figures.peak_rss_mb = max(figures.peak_rss_mb, memory_mb(pid, "VmHWM"))
        await asyncio.sleep(0.2)


async def watch_batch(
    server: LocalBotApi,
    args: argparse.Namespace,
    due_chats: set[int],
    chatter_ids: list[int],
    figures: Figures,
    stop: asyncio.Event,
    background: list[asyncio.Task[None]],
    kill: Callable[[], None] | None = None,
) -> None:
    """From the first prompt to the last (or a deadline), with people chatting meanwhile."""
    while not any(server.stats.sent_per_chat[c] for c in due_chats):  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    for n, user_id in enumerate(chatter_ids):  # in turn, `chat_every` apart
        await asyncio.sleep(args.chat_every if n else 0.0)
        task = chatter(server, user_id, args.chat_every * len(chatter_ids), stop, figures)
        background.append(asyncio.create_task(task))
    # A killed instance's claims are taken over after their lease (5 minutes): wait for that.
    deadline = time.monotonic() + len(due_chats) / 20 + (420 if kill else 120)
    while time.monotonic() < deadline:
        done = sum(1 for c in due_chats if server.stats.sent_per_chat[c])
        if done == len(due_chats):
            break
        if kill is not None and figures.killed_at is None and done >= len(due_chats) / 3:
            kill()
            figures.killed_at = time.monotonic()
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.sleep(args.settle)  # a late duplicate would show up here


async def run_bot(
    server: LocalBotApi,
    url: str,
    args: argparse.Namespace,
    due_chats: set[int],
    chatter_ids: list[int],
    workdir: Path,
) -> Figures:
    """One `checkin-bot run` process (long polling)."""
    figures = Figures()
    env = os.environ | {
        "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL": server.url,
        "DATABASE_URL": url, "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    log = (workdir / "bot.log").open("wb")
    figures.spawned = time.monotonic()
    bot = await asyncio.create_subprocess_exec(
        str(CHECKIN_BOT), "run", env=env, cwd=workdir, stdout=log, stderr=log
    )
    stop = asyncio.Event()
    background = [asyncio.create_task(watch_memory(bot.pid, stop, figures))]
    try:
        await server.wait_until_polling(timeout=60.0)
        figures.startup = time.monotonic() - figures.spawned
        figures.rss_at_startup_mb = memory_mb(bot.pid, "VmRSS")
        await watch_batch(server, args, due_chats, chatter_ids, figures, stop, background)
        figures.peak_rss_mb = max(figures.peak_rss_mb, memory_mb(bot.pid, "VmHWM"))
    finally:
        stop.set()
        await asyncio.gather(*background)
        if bot.returncode is None:
            bot.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(bot.wait(), 30)
            except TimeoutError:
                bot.kill()
                await bot.wait()
        log.close()
    return figures


async def run_cluster(
    server: LocalBotApi,
    url: str,
    args: argparse.Namespace,
    due_chats: set[int],
    chatter_ids: list[int],
    workdir: Path,
) -> Figures:
    """`--instances` webhook processes behind nginx on one PostgreSQL database."""
    figures = Figures(instances=args.instances)
    ports = [cluster.free_port() for _ in range(args.instances)]
    extra = {"PAID_BROADCAST_DAILY_CAP": str(args.paid_cap)}
    async with cluster.nginx(ports, workdir) as listen:
        figures.spawned = time.monotonic()
        instances = await cluster.start_instances(
            args.instances, api_url=server.url, token=server.token, database_url=url,
            webhook_url=f"http://127.0.0.1:{listen}{cluster.WEBHOOK_PATH}", workdir=workdir,
            ports=ports, extra_env=extra,
        )  # fmt: skip
        stop = asyncio.Event()
        background = [
            asyncio.create_task(watch_memory(i.process.pid, stop, figures)) for i in instances
        ]
        try:
            await asyncio.gather(*(i.wait_healthy() for i in instances))
            figures.startup = time.monotonic() - figures.spawned
            figures.rss_at_startup_mb = max(memory_mb(i.process.pid, "VmRSS") for i in instances)
            kill = instances[0].kill if args.kill_one else None
            await watch_batch(server, args, due_chats, chatter_ids, figures, stop, background, kill)
        finally:
            stop.set()
            await asyncio.gather(*background)
            await asyncio.gather(*(i.stop() for i in instances))
    return figures


def print_logs(workdir: Path) -> None:
    """Whatever the bot processes logged (warnings and errors only)."""
    for log in sorted(workdir.glob("*.log")):
        if logged := log.read_text().strip():
            print(f"{log.name} logged warnings or errors:\n{logged[-3000:]}")


async def with_database(args: argparse.Namespace, workdir: Path) -> tuple[str, Database | None]:
    """A fresh database URL (and the admin handle to drop it afterwards, for PostgreSQL)."""
    if args.db == "sqlite":
        return f"sqlite+aiosqlite:///{workdir / 'fanout.db'}", None
    admin = Database.from_url(args.pg_admin_url)
    async with admin.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text(f"DROP DATABASE IF EXISTS {args.pg_database}"))
        await autocommit.execute(text(f"CREATE DATABASE {args.pg_database}"))
    url = admin.engine.url.set(database=args.pg_database)
    return url.render_as_string(hide_password=False), admin


async def main_async(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="checkin-fanout-"))
    url, admin = await with_database(args, workdir)
    morning_slot = None
    if args.scenario == "morning":  # a whole minute, at least 60 s after seeding starts
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)
        morning_slot = soon.replace(second=0, microsecond=0)
    try:
        db = Database.from_url(url)
        try:
            await upgrade_database(db)
            started = time.perf_counter()
            await seed(db, args.people, args.due, morning_slot)
            print(f"seeded {args.people:,} people in {time.perf_counter() - started:.0f} s")
        finally:
            await db.close()
        due_chats = {FIRST_USER_ID + n for n in range(args.due)}
        chatter_ids = [FIRST_USER_ID + args.people - 1 - n for n in range(args.chatters)]
        async with LocalBotApi(enforce_limits=True) as server:
            for chat_id in (*due_chats, *chatter_ids):
                open_chat(server, chat_id)
            run = run_cluster if args.instances else run_bot
            figures = await run(server, url, args, due_chats, chatter_ids, workdir)
            if morning_slot is not None:
                ahead = (morning_slot - dt.datetime.now(dt.UTC)).total_seconds()
                figures.slot_at = time.monotonic() + ahead
            print(f"\n{report(server, args, due_chats, figures)}\n")
        print_logs(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if admin is not None:
            async with admin.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text(f"DROP DATABASE IF EXISTS {args.pg_database}"))
            await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000, help="people in the database")
    parser.add_argument("--due", type=int, default=3000, help="people due at the same minute")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument(
        "--chatters", type=int, default=4, help="people talking to the bot during the batch"
    )
    parser.add_argument(
        "--chat-every", type=float, default=0.5,
        help="seconds between messages of the people chatting (they take turns)",
    )  # fmt: skip
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to watch after")
    parser.add_argument(
        "--pg-admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server where the benchmark may create and drop its database",
    )  # fmt: skip
    parser.add_argument("--pg-database", default="checkin_fanout")
    parser.add_argument(
        "--instances", type=int, default=0,
        help="webhook instances behind nginx (0: one `checkin-bot run` with long polling)",
    )  # fmt: skip
    parser.add_argument("--kill-one", action="store_true", help="SIGKILL one instance mid-batch")
    parser.add_argument("--scenario", choices=("minute", "morning"), default="minute")
    parser.add_argument("--paid-cap", type=int, default=0, help="PAID_BROADCAST_DAILY_CAP")
    args = parser.parse_args()
    if args.instances and args.db != "postgresql":
        parser.error("--instances needs --db postgresql")
    if args.people < args.due + args.chatters:
        parser.error("--people must exceed --due by the people chatting")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
