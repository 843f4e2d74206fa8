"""The database handle: URLs, SQLite settings, aware UTC round trips, commit and rollback."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select, text

from storage.db import Database, normalise_url
from storage.models import PersonRow
from tests.storage.helpers import NOW, add_person


def test_plain_urls_get_their_async_driver() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+asyncpg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+asyncpg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite+aiosqlite"
    with pytest.raises(ValueError, match="unsupported database"):
        normalise_url("mysql://u@h/db")


async def test_default_url_is_a_sqlite_file_under_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = Database.from_url()
    try:
        assert not (tmp_path / "data" / "checkin.db").exists()  # nothing connects yet
        assert (tmp_path / "data").is_dir()
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        assert (tmp_path / "data" / "checkin.db").exists()
    finally:
        await db.close()


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with db.engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
            timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar_one()
        assert (mode, keys) == ("wal", 1)
        assert timeout >= 1000
    finally:
        await db.close()


async def test_instants_come_back_as_aware_utc(db: Database) -> None:
    person = await add_person(db)
    tokyo = dt.datetime(2026, 11, 23, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    async with db.unit_of_work() as uow:
        await uow.people.pause_until(person.id, tokyo)
    async with db.unit_of_work() as uow:
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None and stored.paused_until is not None
    assert stored.paused_until.tzinfo == dt.UTC
    assert stored.paused_until == tokyo
    assert stored.paused_until.hour == 0  # 09:30 in Tokyo is 00:30 UTC
    assert stored.consented_at == NOW and stored.consented_at.tzinfo == dt.UTC


async def test_naive_datetimes_are_refused(db: Database) -> None:
    person = await add_person(db)
    with pytest.raises(Exception, match="naive datetime"):
        async with db.unit_of_work() as uow:
            await uow.people.pause_until(person.id, dt.datetime(2026, 11, 23, 9, 0))


async def test_unit_of_work_commits_on_clean_exit_and_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as uow:
            await uow.people.create_with_consent(1, 1, consented_at=NOW)
            raise RuntimeError("handler failed")
    async with db.unit_of_work() as uow:
        assert await uow.people.get(1) is None
        await uow.people.create_with_consent(1, 1, consented_at=NOW)
    async with db.engine.connect() as connection:
        rows = (await connection.execute(select(PersonRow.telegram_user_id))).scalars().all()
    assert rows == [1]
