"""The database: one async engine and session factory per process, made from a URL.

SQLite (the embedded default) gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE`
transactions, so concurrent units of work in one process queue for the write lock instead of
failing half way; PostgreSQL is reached through asyncpg. Nothing connects until first use.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session

from storage.handling import current_handling
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

DEFAULT_URL = "sqlite+aiosqlite:///./data/checkin.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000

Dialect = Literal["sqlite", "postgresql"]

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def normalise_url(url: str | URL) -> URL:
    """The URL with its async driver (`postgresql://` becomes `postgresql+asyncpg://`)."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    if driver not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
        raise ValueError(
            f"unsupported database {parsed.drivername!r}: use sqlite+aiosqlite or "
            "postgresql+asyncpg"
        )
    return parsed.set(drivername=driver)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the driver so that `begin` below decides how to BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        # Deleted rows are overwritten with zeros, not left in free pages: /delete means gone.
        "PRAGMA secure_delete=ON",
    ):
        cursor.execute(pragma)
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a transaction
    # that reads and then writes never fails with SQLITE_BUSY in the middle.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _watch_writes(session: AsyncSession) -> list[bool]:
    """A flag that turns true once the session inserts, updates or deletes anything."""
    wrote = [False]

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            wrote[0] = True

    def on_flush(_session: Session, _context: Any) -> None:
        wrote[0] = True

    event.listen(session.sync_session, "do_orm_execute", on_execute)
    event.listen(session.sync_session, "after_flush", on_flush)
    return wrote


class Database:
    """Owns the engine and the session factory; hands out units of work."""

    def __init__(self, engine: AsyncEngine, *, store_raw_text: bool = False) -> None:
        name = engine.dialect.name
        if name not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported dialect {name!r}")
        self.engine = engine
        self.dialect: Dialect = "sqlite" if name == "sqlite" else "postgresql"
        self.store_raw_text = store_raw_text
        self._sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(
        cls,
        url: str | URL | None = None,
        *,
        store_raw_text: bool = False,
        schema: str | None = None,
        echo: bool = False,
        pre_ping: bool = True,
        pool_size: int | None = None,
    ) -> Database:
        """A database for `url` (default: a SQLite file under ./data/, created if missing).

        `schema` (PostgreSQL only) puts every table in that schema via the search path;
        `pre_ping` False skips the liveness query before each use of a pooled connection (for
        the send budget's one-statement calls, which a dead connection fails quickly anyway);
        `pool_size` (PostgreSQL) caps the pooled connections at that many, with no overflow.
        """
        parsed = normalise_url(DEFAULT_URL if url is None else url)
        options: dict[str, Any] = {"echo": echo}
        if parsed.drivername.startswith("sqlite"):
            if schema is not None:
                raise ValueError("schema applies to PostgreSQL only")
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        else:
            options["pool_pre_ping"] = pre_ping
            if pool_size is not None:
                options |= {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 30}
            if schema is not None:
                options["connect_args"] = {"server_settings": {"search_path": schema}}
        # Statement parameters stay out of error messages and tracebacks: they hold health data.
        engine = create_async_engine(parsed, hide_parameters=True, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
            event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
        logger.info("database: %s", parsed.render_as_string(hide_password=True))
        return cls(engine, store_raw_text=store_raw_text)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """One transaction: commits on a clean exit, rolls back on an exception."""
        handling = current_handling()
        counted = False
        async with self._sessions.begin() as session:
            wrote = _watch_writes(session) if handling is not None else None
            uow = UnitOfWork(session, self.dialect, store_raw_text=self.store_raw_text)
            yield uow
            if handling is not None and wrote is not None and wrote[0]:
                # In the same transaction as the data: after a crash the inbox knows whether
                # this update's data is stored, so it is never handled (and logged) twice.
                await uow.inbox.count_write(handling.update_id)
                counted = True
        if counted and handling is not None:
            handling.writes += 1

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    async def flush_erased(self) -> None:
        """After an erasure: on SQLite, copy the WAL into the database file and empty it, so
        the erased rows' old pages do not linger in the log (secure_delete zeroed them in
        the database itself). Best effort: a busy reader only delays it to the next one."""
        if self.dialect != "sqlite":
            return
        async with self.engine.connect() as connection:
            # Outside any transaction (a checkpoint cannot run inside one): the driver's own
            # connection, which `_sqlite_on_connect` left in autocommit.
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw is not None
            cursor = await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = await cursor.fetchone()
            await cursor.close()
        if busy is not None and busy[0]:
            logger.warning("after an erasure the WAL checkpoint was busy; it will run later")

    async def ping(self) -> bool:
        """Whether the database answers a trivial query (for health checks)."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not healthy"
            return False
        return True
