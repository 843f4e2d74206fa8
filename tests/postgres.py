"""PostgreSQL for the test suites: where it is, and skip or fail when it is not there.

Locally an unreachable server skips the PostgreSQL tests; with REQUIRE_POSTGRES=1 (CI) they
fail instead, so a green CI run always includes them.
"""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
from sqlalchemy import text

from storage.db import Database

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def pg_url() -> str:
    """Where the PostgreSQL tests run."""
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


async def postgres_or_skip(url: str) -> None:
    """Skip when PostgreSQL is unreachable, or fail when REQUIRE_POSTGRES=1."""
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


async def fresh_postgres_schema(url: str, prefix: str = "test") -> str:
    """Create an empty schema with a unique name and return the name."""
    await postgres_or_skip(url)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
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
