"""Migrations: upgrade from empty, downgrade, and models and migrations agree."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Time, bindparam, inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import migrate
from storage.db import Database
from storage.models import ALL_METADATA, Base
from storage.types import UTCDateTime
from tests.postgres import drop_postgres_schema, fresh_postgres_schema, pg_url


async def table_names(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return await _names(connection)


async def _names(connection: AsyncConnection) -> set[str]:
    return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database with no tables at all."""
    if request.param == "sqlite":
        db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
        try:
            yield db
        finally:
            await db.close()
        return
    url = pg_url()
    schema = await fresh_postgres_schema(url)
    db = Database.from_url(url, schema=schema)
    try:
        yield db
    finally:
        await db.close()
        await drop_postgres_schema(url, schema)


async def test_upgrade_from_empty_creates_every_table_and_matches_the_models(
    empty_db: Database,
) -> None:
    assert await migrate.current_revision(empty_db) is None
    await migrate.upgrade_database(empty_db)
    assert await migrate.current_revision(empty_db) == migrate.head_revision()
    expected = {table.name for metadata in ALL_METADATA for table in metadata.sorted_tables}
    assert await table_names(empty_db) == expected | {"alembic_version"}
    # Autogenerate finds nothing to change: models and migrations agree.
    assert await migrate.schema_differences(empty_db) == []


async def test_downgrade_to_base_removes_everything_and_upgrade_works_again(
    empty_db: Database,
) -> None:
    await migrate.upgrade_database(empty_db)
    await migrate.downgrade_database(empty_db, "base")
    assert await migrate.current_revision(empty_db) is None
    assert await table_names(empty_db) <= {"alembic_version"}
    await migrate.upgrade_database(empty_db)
    assert await migrate.schema_differences(empty_db) == []


async def test_upgrade_twice_is_a_no_op(empty_db: Database) -> None:
    await migrate.upgrade_database(empty_db)
    await migrate.upgrade_database(empty_db)
    assert await migrate.current_revision(empty_db) == migrate.head_revision()


async def test_command_line_api_works_without_an_ini_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no alembic.ini here or anywhere up the tree it might read
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database.from_url(url)
    try:
        assert await migrate.current_revision(db) == migrate.head_revision()
        await asyncio.to_thread(migrate.downgrade, url, "base")
        assert await migrate.current_revision(db) is None
    finally:
        await db.close()


def test_the_migration_scripts_ship_inside_the_package() -> None:
    assert (migrate.MIGRATIONS_DIR / "__init__.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "script.py.mako").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "__init__.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()


async def test_instances_starting_together_on_an_empty_postgres_migrate_in_turn() -> None:
    url = pg_url()
    schema = await fresh_postgres_schema(url)
    instances = [Database.from_url(url, schema=schema) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade_database(db) for db in instances))
        assert set(Base.metadata.tables) <= await table_names(instances[0])
        assert await migrate.current_revision(instances[0]) == migrate.head_revision()
    finally:
        for db in instances:
            await db.close()
        await drop_postgres_schema(url, schema)


async def _outbox_columns(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return set(
            await connection.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("outbox")}
            )
        )


async def test_0006_gives_the_outbox_its_buttons_and_takes_them_back(empty_db: Database) -> None:
    await migrate.upgrade_database(empty_db, "0004")
    assert "reply_markup" not in await _outbox_columns(empty_db)
    await migrate.upgrade_database(empty_db, "0006")
    assert "reply_markup" in await _outbox_columns(empty_db)
    await migrate.downgrade_database(empty_db, "0004")
    columns = await _outbox_columns(empty_db)
    assert "reply_markup" not in columns and {"text", "deadline", "claimed_by"} <= columns
    await migrate.upgrade_database(empty_db)
    assert await migrate.schema_differences(empty_db) == []


async def test_pregnancy_due_is_added_to_existing_people_and_dropped_on_downgrade(
    empty_db: Database,
) -> None:
    """0007: a person stored before it keeps everything and has no due date; downgrading to
    0006 drops only the column."""
    await migrate.upgrade_database(empty_db, "0006")
    async with empty_db.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO people (telegram_user_id, chat_id, language, consented_at, active,"
                " paused, water_goal_ml, conditions, medications, medication_changed_recently,"
                " created_at, updated_at) VALUES (7, 7, 'en', :at, true, false, 2000,"
                " '[\"pregnancy\"]', '[]', false, :at, :at)"
            ),
            {"at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC)},
        )
    await migrate.upgrade_database(empty_db, "0007")
    async with empty_db.unit_of_work() as uow:
        person = await uow.people.get(7)
    assert person is not None
    assert person.conditions == ("pregnancy",) and person.pregnancy_due is None
    await migrate.downgrade_database(empty_db, "0006")
    async with empty_db.engine.connect() as connection:
        columns = await connection.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("people")}
        )
    assert "pregnancy_due" not in columns and "conditions" in columns


async def test_people_stored_before_the_weekly_summary_get_it_on_mondays(
    empty_db: Database,
) -> None:
    await migrate.upgrade_database(empty_db, "0007")
    typed = (
        bindparam("now", dt.datetime(2026, 12, 1, tzinfo=dt.UTC), type_=UTCDateTime()),
        bindparam("start", dt.time(9), type_=Time()),
        bindparam("end", dt.time(21), type_=Time()),
    )
    async with empty_db.engine.begin() as connection:  # as revision 0007 stored a person
        await connection.execute(
            text(
                "INSERT INTO people (id, telegram_user_id, chat_id, language, timezone,"
                " consented_at, active, paused, water_goal_ml, conditions, medications,"
                " medication_changed_recently, created_at, updated_at) VALUES (1, 7, 7, 'en',"
                " 'Europe/Berlin', :now, true, false, 2000, '[]', '[]', false, :now, :now)"
            ).bindparams(typed[0])
        )
        await connection.execute(
            text(
                "INSERT INTO schedules (person_id, hydration_start, hydration_end, version,"
                " updated_at) VALUES (1, :start, :end, 1, :now)"
            ).bindparams(*typed)
        )
    await migrate.upgrade_database(empty_db)
    async with empty_db.unit_of_work() as uow:
        schedule = await uow.schedules.get(1)
    assert schedule is not None and schedule.weekly_day == 1
    await migrate.downgrade_database(empty_db, "0007")
    assert await migrate.current_revision(empty_db) == "0007"
