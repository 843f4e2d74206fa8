"""Shared test data: a fixed clock and a consented person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.db import Database
from storage.records import Person

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 22)


@dataclass
class Target:
    """One database under test: how to reach it again, and the open handle."""

    name: str
    url: str
    schema: str | None
    db: Database

    def open_another(self, *, store_raw_text: bool = False) -> Database:
        """A second, independent engine on the same tables (another "instance" of the bot)."""
        return Database.from_url(self.url, schema=self.schema, store_raw_text=store_raw_text)


async def add_person(
    db: Database, telegram_user_id: int = 1001, *, timezone: str | None = "Europe/Berlin"
) -> Person:
    """A consented person with the default schedule."""
    async with db.unit_of_work() as uow:
        return await uow.people.create_with_consent(
            telegram_user_id, telegram_user_id, consented_at=NOW, timezone=timezone
        )
