"""A full disk, a held lock and a refused connection all surface as SQLAlchemy's
OperationalError; `database_error_kind` tells them apart from the driver's own codes, on real
databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.errors import database_error_kind
from tests.webhook.conftest import free_port


async def failure_of(database: Database, *statements: str) -> BaseException:
    """The exception running `statements` in one transaction raises."""
    try:
        async with database.engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    except Exception as error:
        return error
    finally:
        await database.close()
    raise AssertionError("the statements did not fail")


async def test_a_full_sqlite_database_is_disk_full(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'full.db'}")
    error = await failure_of(
        database,
        "CREATE TABLE filler (blob TEXT)",
        "PRAGMA max_page_count = 8",  # a disk that holds 8 pages
        "INSERT INTO filler VALUES (hex(randomblob(100000)))",
    )
    assert database_error_kind(error) == "disk_full"


async def test_a_held_sqlite_lock_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        database = Database.from_url(f"sqlite+aiosqlite:///{path}")
        error = await failure_of(database, "PRAGMA busy_timeout = 0", "INSERT INTO t VALUES (1)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert database_error_kind(error) == "locked"


async def test_nobody_listening_is_connection_refused() -> None:
    database = Database.from_url(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x")
    error = await failure_of(database, "SELECT 1")
    assert database_error_kind(error) == "connection_refused"


@pytest.mark.postgres
async def test_a_missing_postgresql_database_is_named() -> None:
    database = Database.from_url("postgresql+asyncpg://postgres@127.0.0.1:5432/no_such_db_here")
    error = await failure_of(database, "SELECT 1")
    assert database_error_kind(error) == "database_does_not_exist"


def test_other_errors_are_not_database_errors() -> None:
    assert database_error_kind(ValueError("x")) is None
