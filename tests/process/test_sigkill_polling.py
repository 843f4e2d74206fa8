"""A real `checkin-bot run` (long polling through the inbox, PostgreSQL) killed with SIGKILL
and started again against the local Bot API server:

- updates it had taken (stored in the inbox and confirmed to Telegram) but not yet handled are
  all answered after the restart, each exactly once, and each person's data is stored once;
- prompts it was sending when it died all arrive after the restart (none missing); the only
  ones that arrive twice are sends in flight at the kill (Telegram had them, the database did
  not yet say so), so the duplicates are bounded by what was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import insert, select, update

from fakegram import LocalBotApi
from handlers.common.conversation import local_today
from handlers.water.intake import water_logged
from reminders.clock_times import resolve_local
from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import DeliveryRow, PersonRow, ScheduleRow, table_of
from tests.bot.journey import T
from tests.process.bot_process import bot_process, mode_env
from tests.webhook.conftest import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

UPDATES = 30  # messages taken just before the kill
PROMPTS = 40  # prompts due in the batch the kill interrupts
KILL_AFTER = 10  # prompts out when the kill comes
SEND_RATE = 10  # a second: the batch takes a few seconds, so the kill lands in its middle
FIRST_ID = 9_300
# What a /water message writes; held locked so the handlers stop just before their data.
WATER_TABLES = ("water_logs", "day_records")


@contextlib.asynccontextmanager
async def opened_database(url: str) -> AsyncIterator[Database]:
    """The scratch database, migrated (the bot finds it at the newest revision)."""
    database = Database.from_url(url)
    try:
        await upgrade_database(database)
        yield database
    finally:
        await database.close()


@contextlib.asynccontextmanager
async def tables_locked(url: str, tables: tuple[str, ...]) -> AsyncIterator[asyncpg.Connection]:
    """Hold `tables` against writes (reads go on) until the block ends; the connection that
    holds them is handed out (see `waiting_on_locks`)."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        async with connection.transaction():
            await connection.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
            yield connection
    finally:
        await connection.close()


async def waiting_on_locks(connection: asyncpg.Connection) -> int:
    """Sessions of the database waiting for a lock now."""
    await connection.execute("SELECT pg_stat_clear_snapshot()")  # fresh inside a transaction
    count = await connection.fetchval(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return int(count)


def open_chats(server: LocalBotApi, count: int) -> list[int]:
    """`count` people who have written to the bot before (so it may write to them)."""
    ids = [FIRST_ID + n for n in range(count)]
    for user_id in ids:
        server.user(user_id, f"P{user_id}")
        server.state.chats[user_id].started = True
    return ids


async def seed_people(database: Database, ids: list[int], now: dt.datetime) -> None:
    """People who consented; no prompt of theirs is due during the test."""
    async with database.unit_of_work() as uow:
        for user_id in ids:
            await uow.people.create_with_consent(user_id, user_id, consented_at=now)
    async with database.engine.begin() as connection:
        later = now + dt.timedelta(hours=12)
        await connection.execute(update(table_of(ScheduleRow)).values(next_due_at=later))


async def seed_due_prompts(database: Database, ids: list[int], now: dt.datetime) -> None:
    """People with one water prompt at the current minute (UTC, no quiet hours)."""
    minute = now.time().replace(second=0, microsecond=0)
    due_at = resolve_local(now.date(), minute, dt.UTC)
    people = [
        {
            "id": n + 1, "telegram_user_id": user_id, "chat_id": user_id, "language": "en",
            "timezone": "UTC", "consented_at": now, "active": True, "paused": False,
            "water_goal_ml": 2000, "conditions": [], "medications": [],
            "medication_changed_recently": False, "created_at": now, "updated_at": now,
        }
        for n, user_id in enumerate(ids)
    ]  # fmt: skip
    schedules = [
        {
            "person_id": n + 1, "hydration_start": minute, "hydration_end": minute,
            "hydration_every_minutes": 60, "stretch_at": None, "checkin_at": None,
            "quiet_start": None, "quiet_end": None, "next_due_at": due_at, "version": 1,
            "updated_at": now,
        }
        for n in range(len(ids))
    ]  # fmt: skip
    async with database.engine.begin() as connection:
        await connection.execute(insert(table_of(PersonRow)), people)
        await connection.execute(insert(table_of(ScheduleRow)), schedules)


async def chats_recorded_sent(database: Database) -> set[int]:
    """Chats whose prompt the database records as sent."""
    async with database.engine.connect() as connection:
        rows = await connection.execute(
            select(PersonRow.chat_id)
            .join(DeliveryRow, DeliveryRow.person_id == PersonRow.id)
            .where(DeliveryRow.sent_at.is_not(None))
        )
        return {int(chat_id) for (chat_id,) in rows}


async def test_updates_taken_just_before_a_sigkill_are_answered_once_after_the_restart(
    local_api: LocalBotApi, postgres_url: str, tmp_path: Path
) -> None:
    settings = mode_env(
        "run", token=local_api.token, api_url=local_api.url, database_url=postgres_url
    ) | {"LOG_LEVEL": "INFO"}
    ids = open_chats(local_api, UPDATES)
    async with opened_database(postgres_url) as database:
        await seed_people(database, ids, dt.datetime.now(dt.UTC))

        async with bot_process("run", settings, tmp_path) as first:
            await first.wait_healthy()
            async with tables_locked(postgres_url, WATER_TABLES) as holder:
                for user_id in ids:
                    local_api.user(user_id).send_text("/water 250")
                # Stored in the inbox and confirmed to Telegram (the next getUpdates moved the
                # offset past them), the handlers waiting to write the water.
                await wait_until(lambda: not local_api.state.updates.pending, 30, "never confirmed")
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 30
                while await waiting_on_locks(holder) == 0:
                    assert loop.time() < deadline, "no handler reached the water"
                    await asyncio.sleep(0.05)
                first.process.kill()
                await first.exited(10)
        assert all(not local_api.user(i).messages for i in ids), "answered before the kill"
        async with database.unit_of_work() as uow:
            taken = [await uow.inbox.get(update_id) for update_id in taken_ids(local_api)]
        assert len(taken) == UPDATES
        assert all(s is not None and s.outcome is None and s.writes == 0 for s in taken), taken

        async with bot_process("run", settings, tmp_path) as second:
            await second.wait_healthy()
            # The dead instance is known dead 15 s after its last heartbeat.
            await wait_until(
                lambda: all(local_api.user(i).messages for i in ids), 90, "an update was lost"
            )
            await local_api.wait_idle(timeout=10)
            await asyncio.sleep(1.0)  # a second answer would show by now
            assert await second.terminate() == 0, second.output

        logged = water_logged(250, 250, 2000, T)
        for user_id in ids:
            chat = local_api.user(user_id)
            assert [m.text for m in chat.messages] == [logged], chat.transcript()
        async with database.unit_of_work() as uow:
            for user_id in ids:
                person = await uow.people.get(user_id)
                assert person is not None
                today = local_today(person, dt.datetime.now(dt.UTC))
                logs = await uow.days.water_logs(person.id, today)
                assert [log.ml for log in logs] == [250], (user_id, logs)
            assert await uow.inbox.outcomes() == {"handled": UPDATES}


async def test_prompts_mid_batch_at_a_sigkill_all_arrive_and_only_those_in_flight_twice(
    local_api: LocalBotApi, postgres_url: str, tmp_path: Path
) -> None:
    settings = mode_env(
        "run", token=local_api.token, api_url=local_api.url, database_url=postgres_url
    ) | {"LOG_LEVEL": "INFO", "SEND_RATE": str(SEND_RATE)}
    ids = open_chats(local_api, PROMPTS)

    def arrived() -> set[int]:
        return {i for i in ids if local_api.user(i).messages}

    async with opened_database(postgres_url) as database:
        await seed_due_prompts(database, ids, dt.datetime.now(dt.UTC))

        async with bot_process("run", settings, tmp_path) as first:
            await wait_until(lambda: len(arrived()) >= KILL_AFTER, 60, "no prompt went out")
            first.process.kill()
            await first.exited(10)
        await asyncio.sleep(0.5)  # requests the dead process had written reach the server
        before = arrived()
        recorded = await chats_recorded_sent(database)
        in_flight = before - recorded  # Telegram has them; the database does not say so
        assert len(before) < PROMPTS, "the kill came after the batch: nothing was tested"

        async with bot_process("run", settings, tmp_path) as second:
            await second.wait_healthy()
            await wait_until(lambda: arrived() == set(ids), 90, "a prompt never arrived")
            await asyncio.sleep(2.0)  # a late duplicate would show by now
            assert await second.terminate() == 0, second.output

    twice = {i for i in ids if len(local_api.user(i).messages) > 1}
    assert all(len(local_api.user(i).messages) <= 2 for i in ids)
    assert twice <= in_flight, (twice, in_flight)


def taken_ids(server: LocalBotApi) -> set[int]:
    """The update ids getUpdates handed out."""
    return {int(update["update_id"]) for update in server.state.updates.delivered}
