"""Many people due at the same minute, seeded with core inserts (fast), and worker processes."""

# Waiting on a worker process takes a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import func, insert, select, text

from fakegram import LocalBotApi
from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import DeliveryRow, PersonRow, ScheduleRow, table_of
from tests.postgres import postgres_or_skip
from tests.reminders.rig import open_chat

REPO = Path(__file__).resolve().parents[2]
FIRST_USER_ID = 10_000


@asynccontextmanager
async def postgres_schema(url: str) -> AsyncIterator[str]:
    """A fresh, migrated schema of its own, dropped afterwards."""
    await postgres_or_skip(url)
    schema = f"scheduling_test_{uuid.uuid4().hex[:12]}"
    admin = Database.from_url(url)
    try:
        async with admin.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        database = Database.from_url(url, schema=schema)
        try:
            await upgrade_database(database)
        finally:
            await database.close()
        yield schema
    finally:
        async with admin.engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.close()


async def seed_crowd(
    database: Database, server: LocalBotApi, count: int, at: dt.datetime
) -> list[int]:
    """`count` people in Berlin with the default schedule, all due at `at` (their chats open
    on `server`). Returns their chat ids."""
    people = [
        {
            "id": n + 1,
            "telegram_user_id": FIRST_USER_ID + n,
            "chat_id": FIRST_USER_ID + n,
            "language": "en",
            "timezone": "Europe/Berlin",
            "consented_at": at,
            "active": True,
            "paused": False,
            "water_goal_ml": 2000,
            "conditions": [],
            "medications": [],
            "medication_changed_recently": False,
            "created_at": at,
            "updated_at": at,
        }
        for n in range(count)
    ]
    schedules = [
        {
            "person_id": n + 1,
            "hydration_start": dt.time(9),
            "hydration_end": dt.time(21),
            "hydration_every_minutes": 180,
            "stretch_at": dt.time(8),
            "checkin_at": dt.time(20),
            "quiet_start": dt.time(22),
            "quiet_end": dt.time(7),
            "next_due_at": at,
            "version": 1,
            "updated_at": at,
        }
        for n in range(count)
    ]
    async with database.engine.begin() as connection:
        await connection.execute(insert(table_of(PersonRow)), people)
        await connection.execute(insert(table_of(ScheduleRow)), schedules)
    chat_ids = [row["chat_id"] for row in people]
    for chat_id in chat_ids:
        open_chat(server, chat_id)  # type: ignore[arg-type]
    return chat_ids  # type: ignore[return-value]


async def delivery_counts(database: Database) -> tuple[int, int, int]:
    """(rows, sent, taken over) in `deliveries`."""
    async with database.engine.connect() as connection:
        row = (
            await connection.execute(
                select(
                    func.count(),
                    func.count(DeliveryRow.sent_at),
                    func.count().filter(DeliveryRow.attempts > 1),
                )
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


async def sent_person_ids(database: Database) -> set[int]:
    """People whose delivery is recorded as sent."""
    async with database.engine.connect() as connection:
        rows = await connection.execute(
            select(DeliveryRow.person_id).where(DeliveryRow.sent_at.is_not(None))
        )
        return {int(person_id) for (person_id,) in rows}


class Worker:
    """A dispatch_worker process."""

    def __init__(self, process: asyncio.subprocess.Process, log: IO[bytes]) -> None:
        self.process = process
        self.log = log

    @classmethod
    async def start(
        cls,
        server: LocalBotApi,
        url: str,
        schema: str,
        now: dt.datetime,
        log_path: Path,
        *options: str,
    ) -> Worker:
        """Start a worker; returns once it has connected and said "ready"."""
        log = log_path.open("wb")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.reminders.dispatch_worker",
            "--database-url",
            url,
            "--schema",
            schema,
            "--api-url",
            server.url,
            "--token",
            server.token,
            "--now",
            now.isoformat(),
            *options,
            cwd=REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
        worker = cls(process, log)
        line = await worker.line(timeout=30)
        assert line == "ready", f"worker said {line!r}; see {log_path}"
        return worker

    async def line(self, timeout: float) -> str:
        """The next line the worker prints."""
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        return raw.decode().strip()

    def go(self) -> None:
        """Let a worker started with --wait-go begin."""
        assert self.process.stdin is not None
        self.process.stdin.write(b"go\n")

    async def finish(self, timeout: float) -> str:
        """Wait for the worker to end; returns its last line (the outcomes as JSON)."""
        assert self.process.stdout is not None
        out = await asyncio.wait_for(self.process.stdout.read(), timeout)
        code = await self.process.wait()
        self.log.close()
        assert code == 0, f"worker exited with {code}; see {self.log.name}"
        return out.decode().strip().splitlines()[-1]

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs."""
        self.process.kill()
        await self.process.wait()
        self.log.close()
