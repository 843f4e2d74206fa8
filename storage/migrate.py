"""Apply, revert and check schema migrations from code; no alembic.ini needed.

- `upgrade(url)`: what `checkin-bot migrate` runs (synchronous, its own event loop);
- `await upgrade_database(db)`: what the bot runs on start, inside its running loop;
- `downgrade(url, "base")`: remove every table.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection

from storage.db import Database
from storage.models import ALL_METADATA

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 7_431_002  # PostgreSQL advisory lock id held while migrating


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code; `connection` is shared with env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def _run(db: Database, action: Callable[[Config], object]) -> None:
    def run(connection: Connection) -> None:
        action(alembic_config(connection))

    async with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            # Instances starting together take turns: the first migrates, the rest find the
            # schema current. The lock ends with the transaction.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        await connection.run_sync(run)


async def upgrade_database(db: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision` (default: the newest), in one transaction."""
    logger.info("migrating database up to %s", revision)
    await _run(db, lambda config: command.upgrade(config, revision))


async def downgrade_database(db: Database, revision: str) -> None:
    """Take the schema down to `revision` ("base" removes every table)."""
    logger.info("migrating database down to %s", revision)
    await _run(db, lambda config: command.downgrade(config, revision))


async def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        return await connection.run_sync(read)


async def schema_differences(db: Database) -> list[Any]:
    """What autogenerate would change to make the database match the models ([] when none)."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, list(ALL_METADATA)))  # type: ignore[arg-type]

    async with db.engine.connect() as connection:
        return await connection.run_sync(compare)


async def autogenerate_revision(db: Database, message: str, rev_id: str) -> None:
    """Write a new script under migrations/versions/ from what differs between `db` (at head)
    and the models. For developers; read and hand-check the script before committing it."""
    await _run(
        db,
        lambda config: command.revision(config, message=message, autogenerate=True, rev_id=rev_id),
    )


def head_revision() -> str:
    """The newest revision shipped with the package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def _with_database(
    url: str | URL | None, work: Callable[[Database], Awaitable[None]]
) -> None:
    db = Database.from_url(url)
    try:
        await work(db)
    finally:
        await db.close()


def upgrade(url: str | URL | None = None, revision: str = "head") -> None:
    """Synchronous upgrade for the command line (`checkin-bot migrate`)."""
    asyncio.run(_with_database(url, lambda db: upgrade_database(db, revision)))


def downgrade(url: str | URL | None, revision: str) -> None:
    """Synchronous downgrade for the command line."""
    asyncio.run(_with_database(url, lambda db: downgrade_database(db, revision)))
