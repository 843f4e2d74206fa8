"""Storage fixtures: every test runs on SQLite (a temp file) and on PostgreSQL (its own schema).

Migrations are applied once per database per session; each test starts from empty tables.
PostgreSQL comes from `TEST_DATABASE_URL` (default: the local server's `test` database). When it
is unreachable the PostgreSQL half is skipped, or fails when `REQUIRE_POSTGRES=1` (CI sets it).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text

from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import Base
from tests.storage.helpers import Target

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def pg_url() -> str:
    """Where the PostgreSQL tests run."""
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


async def _postgres_or_skip(url: str) -> None:
    probe = Database.from_url(url)
    try:
        async with asyncio.timeout(5), probe.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        message = f"PostgreSQL at {url} is unreachable: {error!r}"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    finally:
        await probe.close()


async def fresh_postgres_schema(url: str) -> str:
    """Create an empty schema with a unique name and return the name."""
    await _postgres_or_skip(url)
    schema = f"storage_test_{uuid.uuid4().hex[:12]}"
    admin = Database.from_url(url)
    try:
        async with admin.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        await admin.close()
    return schema


async def drop_postgres_schema(url: str, schema: str) -> None:
    """Remove a schema made by `fresh_postgres_schema`, with everything in it."""
    admin = Database.from_url(url)
    try:
        async with admin.engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await admin.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Target]:
    """A migrated database of each kind, shared by the session."""
    schema: str | None = None
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("storage") / "checkin.db"
        url = f"sqlite+aiosqlite:///{path}"
    else:
        url = pg_url()
        schema = await fresh_postgres_schema(url)
    db = Database.from_url(url, schema=schema)
    try:
        await upgrade_database(db)
        yield Target(name=request.param, url=url, schema=schema, db=db)
    finally:
        await db.close()
        if schema is not None:
            await drop_postgres_schema(url, schema)


@pytest.fixture
async def db(target: Target) -> AsyncIterator[Database]:
    """The database, emptied after each test."""
    yield target.db
    async with target.db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(delete(table))
