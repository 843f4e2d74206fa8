"""Storage benchmark: due-prompt query, delivery claims and day-record writes at scale.

    .venv/bin/python bench/storage.py --people 100000 --days 30 --db both

Loads N people (70% default schedule, 30% their own times, in 12 weighted time zones) with
`days` of day records and two days of past deliveries, sets every `next_due_at` to the person's
next slot, then times the operations the scheduler and handlers run. SQLite goes to a temporary
file; PostgreSQL to a throw-away database (`checkin_bench`) dropped afterwards.
"""

# ruff: noqa: E402  (the path fix below must run before the project's imports)
from __future__ import annotations

import sys
from pathlib import Path

# `python bench/storage.py` puts bench/ first on sys.path, where this file would shadow the
# `storage` package; look for packages from the repository root instead.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse
import asyncio
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text, update

from engine.types import Day, Spasms
from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import DayRecordRow, DeliveryRow, PersonRow, ScheduleRow, table_of
from storage.records import DeliveryKey

# 11:00 UTC: noon in Berlin and Lagos, 08:00 in Sao Paulo, 20:00 in Tokyo (a peak minute).
PEAK = dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.UTC)
# Five minutes later only people with their own times are due (the peak was sent meanwhile).
QUIET = PEAK + dt.timedelta(minutes=5)
ZONES = {
    "Europe/Berlin": 20, "America/New_York": 15, "Europe/London": 12, "Asia/Kolkata": 8,
    "America/Los_Angeles": 8, "America/Chicago": 6, "America/Sao_Paulo": 6, "Asia/Shanghai": 6,
    "Asia/Tokyo": 5, "Australia/Sydney": 5, "Europe/Moscow": 5, "Africa/Lagos": 4,
}  # fmt: skip
BATCH = 10_000
SLOT_KINDS = ("stretch", "hydration", "hydration", "hydration", "hydration", "checkin")


def local_slots(rng: random.Random, custom: bool) -> dict[str, Any]:
    """A schedule row's times: the default, or a person's own (5-minute steps)."""
    if not custom:
        return {"hydration_start": dt.time(9), "hydration_end": dt.time(21),
                "hydration_every_minutes": 180, "stretch_at": dt.time(8),
                "checkin_at": dt.time(20)}  # fmt: skip

    def at(lo: int, hi: int) -> dt.time:
        minutes = rng.randrange(lo * 60, hi * 60, 5)
        return dt.time(minutes // 60, minutes % 60)

    return {"hydration_start": at(7, 10), "hydration_end": dt.time(21),
            "hydration_every_minutes": rng.choice((120, 150, 180, 240)),
            "stretch_at": at(6, 10), "checkin_at": at(19, 22)}  # fmt: skip


def next_due(times: dict[str, Any], zone: ZoneInfo, after: dt.datetime) -> dt.datetime:
    """The person's first slot at or after `after` (what a scheduler would store)."""
    start = dt.datetime.combine(dt.date.min, times["hydration_start"])
    end = dt.datetime.combine(dt.date.min, times["hydration_end"])
    hydration = []
    while start <= end:
        hydration.append(start.time())
        start += dt.timedelta(minutes=times["hydration_every_minutes"])
    local_date = after.astimezone(zone).date()
    instants = (
        dt.datetime.combine(local_date + dt.timedelta(days=d), slot, zone).astimezone(dt.UTC)
        for d in (0, 1)
        for slot in (*hydration, times["stretch_at"], times["checkin_at"])
    )
    return min(i for i in instants if i >= after)


def day_row(rng: random.Random, person_id: int, date: dt.date) -> dict[str, Any]:
    count = rng.choice((0, 0, 0, 1, 2, 3))
    return {
        "person_id": person_id, "local_date": date, "checkins": 1, "updated_at": PEAK,
        "water_ml": None if rng.random() < 0.2 else rng.randrange(500, 3000, 50),
        "spasm_count": count, "spasm_max_severity": rng.randint(1, 9) if count else None,
        "spasm_locations": rng.sample(["calf", "lower_back", "thigh", "neck"], k=min(count, 2)),
        "spasm_longest_minutes": None, "urinary": [], "red_flags": [],
        "triggers": ["stress"] if rng.random() < 0.2 else [],
    }  # fmt: skip


async def insert_batches(db: Database, model: Any, rows: Iterator[dict[str, Any]]) -> int:
    """Core executemany in batches of 10,000, each its own transaction."""
    table, total, batch = table_of(model), 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            async with db.engine.begin() as connection:
                await connection.execute(insert(table), batch)
            total, batch = total + len(batch), []
    if batch:
        async with db.engine.begin() as connection:
            await connection.execute(insert(table), batch)
    return total + len(batch)


async def load(db: Database, people: int, days: int) -> None:
    rng = random.Random(7)
    zones = rng.choices(list(ZONES), weights=list(ZONES.values()), k=people)
    customs = [rng.random() < 0.3 for _ in range(people)]
    times = [local_slots(rng, custom) for custom in customs]
    await insert_batches(db, PersonRow, (
        {"id": i + 1, "telegram_user_id": 10**9 + i, "chat_id": 10**9 + i, "language": "en",
         "timezone": zones[i], "consented_at": PEAK, "active": True, "paused": False,
         "water_goal_ml": 2000, "conditions": [], "medications": [],
         "medication_changed_recently": False, "created_at": PEAK, "updated_at": PEAK}
        for i in range(people)
    ))  # fmt: skip
    threshold = PEAK - dt.timedelta(minutes=1)
    zone_info = {name: ZoneInfo(name) for name in ZONES}
    await insert_batches(db, ScheduleRow, (
        {"person_id": i + 1, **times[i], "quiet_start": dt.time(22), "quiet_end": dt.time(7),
         "next_due_at": next_due(times[i], zone_info[zones[i]], threshold), "version": 1,
         "updated_at": PEAK}
        for i in range(people)
    ))  # fmt: skip
    today = PEAK.date()
    await insert_batches(db, DayRecordRow, (
        day_row(rng, i + 1, today - dt.timedelta(days=d))
        for i in range(people) for d in range(1, days + 1)
    ))  # fmt: skip
    await insert_batches(db, DeliveryRow, (
        {"person_id": i + 1, "kind": kind, "local_date": today - dt.timedelta(days=d),
         "slot": f"{n}", "claimed_at": PEAK, "claim_token": "x", "attempts": 1,
         "sent_at": PEAK, "skipped": False, "message_id": n}
        for i in range(people) for d in (1, 2) for n, kind in enumerate(SLOT_KINDS)
    ))  # fmt: skip
    async with db.engine.begin() as connection:
        await connection.execute(text("ANALYZE"))


async def timed(runs: int, work: Callable[[int], Awaitable[object]]) -> list[float]:
    """Milliseconds per run."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        await work(run)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(ms: list[float]) -> str:
    p95 = sorted(ms)[max(0, round(len(ms) * 0.95) - 1)]
    return f"{statistics.median(ms):8.1f} ms (p95 {p95:.1f})"


async def measure(db: Database, people: int) -> dict[str, str]:
    rng = random.Random(11)
    async with db.engine.connect() as connection:
        peak_due = (
            await connection.execute(select(func.count()).where(ScheduleRow.next_due_at <= PEAK))
        ).scalar_one()

    async def due(at: dt.datetime) -> int:
        async with db.unit_of_work() as uow:
            return len(await uow.schedules.due_prompts(at, 1000))

    async with db.unit_of_work() as uow:
        batch = [c.person_id for c in await uow.schedules.due_prompts(PEAK, 1000)]

    async def claim_many(run: int) -> None:
        keys = [DeliveryKey(p, "hydration", PEAK.date(), f"bench-{run}") for p in batch]
        async with db.unit_of_work() as uow:
            assert len(await uow.deliveries.claim_many(keys, PEAK)) == len(keys)

    async def claim_one(run: int) -> None:
        async with db.unit_of_work() as uow:
            await uow.deliveries.claim(
                batch[run % len(batch)], "stretch", PEAK.date(), "bench", PEAK
            )

    async def merge(run: int) -> None:
        date = PEAK.date() - dt.timedelta(days=rng.randint(0, 29))
        answers = Day(date=date, water_ml=250, spasms=Spasms(count=1, max_severity=5,
                      locations=("calf",)), urinary=("urgency",))  # fmt: skip
        async with db.unit_of_work() as uow:
            await uow.days.merge_answers(rng.randint(1, people), answers, PEAK)

    async def water(run: int) -> None:
        async with db.unit_of_work() as uow:
            await uow.days.record_water(rng.randint(1, people), PEAK.date(), 250, PEAK)

    await due(PEAK)  # warm the cache
    results = {
        "due_prompts, peak minute (first 1,000)": f"{summary(await timed(30, lambda _: due(PEAK)))}"
        f" of {peak_due:,} due",
        "claim_many 1,000 slots (one transaction)": summary(await timed(10, claim_many)),
        "claim 1 slot (own transaction), x1,000": summary(await timed(1000, claim_one)),
        "merge_answers into a day record": summary(await timed(300, merge)),
        "record_water (upsert + log)": summary(await timed(300, water)),
    }
    # As if the scheduler had handled every minute up to the one before QUIET.
    async with db.engine.begin() as connection:
        await connection.execute(
            update(ScheduleRow)
            .where(ScheduleRow.next_due_at <= QUIET - dt.timedelta(minutes=1))
            .values(next_due_at=PEAK + dt.timedelta(hours=3))
        )
        quiet_due = (
            await connection.execute(select(func.count()).where(ScheduleRow.next_due_at <= QUIET))
        ).scalar_one()
    quiet = summary(await timed(30, lambda _: due(QUIET)))
    results["due_prompts, quiet minute"] = f"{quiet} of {quiet_due:,} due"
    return results


async def run(kind: str, args: argparse.Namespace) -> dict[str, str]:
    workdir = Path(tempfile.mkdtemp(prefix="checkin-bench-"))
    admin = Database.from_url(args.pg_admin_url)
    if kind == "sqlite":
        db = Database.from_url(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")
    else:
        async with admin.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text(f"DROP DATABASE IF EXISTS {args.pg_database}"))
            await autocommit.execute(text(f"CREATE DATABASE {args.pg_database}"))
        url = admin.engine.url.set(database=args.pg_database)
        db = Database.from_url(url)
    try:
        await upgrade_database(db)
        start = time.perf_counter()
        await load(db, args.people, args.days)
        print(f"{kind}: loaded in {time.perf_counter() - start:.0f} s", flush=True)
        return await measure(db, args.people)
    finally:
        await db.close()
        shutil.rmtree(workdir, ignore_errors=True)
        if kind == "postgresql":
            async with admin.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text(f"DROP DATABASE IF EXISTS {args.pg_database}"))
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--pg-admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server where the benchmark may create and drop its database",
    )  # fmt: skip
    parser.add_argument("--pg-database", default="checkin_bench")
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results = {kind: asyncio.run(run(kind, args)) for kind in kinds}
    print(f"\n{args.people:,} people, {args.days} days of records\n")
    print(f"| operation | {' | '.join(kinds)} |")
    print(f"|---|{'---|' * len(kinds)}")
    for name in next(iter(results.values())):
        print(f"| {name} | {' | '.join(results[k][name].strip() for k in kinds)} |")


if __name__ == "__main__":
    main()
