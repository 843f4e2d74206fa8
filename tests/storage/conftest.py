"""Storage fixtures: every test runs on SQLite (a temp file) and on PostgreSQL (its own schema).

Migrations are applied once per database per session; each test starts from empty tables.
PostgreSQL comes from `TEST_DATABASE_URL` (default: the local server's `test` database). When it
is unreachable the PostgreSQL half is skipped, or fails when `REQUIRE_POSTGRES=1` (CI sets it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from storage.db import Database
from storage.migrate import upgrade_database
from storage.models import Base, Transport
from tests.postgres import drop_postgres_schema, fresh_postgres_schema, pg_url
from tests.storage.helpers import Target


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
        schema = await fresh_postgres_schema(url, "storage_test")
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
        for table in Transport.metadata.sorted_tables:
            await connection.execute(delete(table))
