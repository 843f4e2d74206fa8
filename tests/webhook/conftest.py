"""Fixtures for webhook mode: the real ASGI app served by uvicorn on a free local port, talked
to over real HTTP, with Telegram played by the local Bot API server.

The app runs inside the test's event loop (uvicorn's own `Server.serve`), so a test can read
the application and its database directly; `tests/webhook/test_instances.py` runs whole
`checkin-bot webhook` processes instead.
"""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from starlette.applications import Starlette

from bot.config import Settings
from bot.webhook import SECRET_HEADER, create_app
from fakegram import LocalBotApi
from fakegram.testing import application_is_idle, assert_schema_clean, local_bot_api
from service.serve import ByPort
from storage import Database, UnitOfWork
from storage.models import Base
from tests.bot.conftest import START, SettableClock
from tests.conftest import fresh_sqlite

SECRET = "webhook-test_secret-0123456789"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
WEBHOOK_PATH = "/telegram"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening_socket() -> socket.socket:
    """A socket bound to a free local port, for uvicorn to serve on (no port race)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"{what} (waited {timeout} s)")
        await asyncio.sleep(0.01)


# -- PostgreSQL scratch databases ----------------------------------------------------------


@contextlib.asynccontextmanager
async def scratch_postgres() -> AsyncIterator[str]:
    """A brand-new PostgreSQL database for one test; its SQLAlchemy URL. Dropped after."""
    name = f"checkin_webhook_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncio.wait_for(asyncpg.connect(PG_ADMIN_DSN), 5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        message = f"PostgreSQL at {PG_ADMIN_DSN} is unreachable: {error!r}"
        if os.environ.get("REQUIRE_POSTGRES") == "1":  # CI: never skip
            pytest.fail(message)
        pytest.skip(message)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield PG_URL.format(name=name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def set_connections_allowed(database_url: str, allowed: bool) -> None:
    """Open or close a scratch database to new connections; closing also ends open ones."""
    name = database_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
    finally:
        await admin.close()


# -- counting handled updates through the bot's own log line ------------------------------


class HandledUpdates(logging.Handler):
    """Collects the update ids of the bot's "update handled" log lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.ids: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "update handled":
            self.ids.append(record.__dict__["update_id"])


@contextlib.contextmanager
def counting_handled_updates() -> Any:
    """Attach a HandledUpdates handler to `bot.updates` for the duration."""
    counter = HandledUpdates()
    updates_logger = logging.getLogger("bot.updates")
    level = updates_logger.level
    updates_logger.setLevel(logging.INFO)
    updates_logger.addHandler(counter)
    try:
        yield counter
    finally:
        updates_logger.removeHandler(counter)
        updates_logger.setLevel(level)


# -- the webhook app, served for real -------------------------------------------------------


@contextlib.asynccontextmanager
async def serving(
    app: Starlette, sock: socket.socket, ops_sock: socket.socket | None = None
) -> AsyncIterator[uvicorn.Server]:
    """Serve `app` with uvicorn on `sock` inside this event loop, lifespan included, and its
    operator's app (/healthz, /metrics) on `ops_sock`, as `checkin-bot webhook` does."""
    host, port = sock.getsockname()
    sockets = [sock]
    routed: Any = app
    if ops_sock is not None:
        sockets.append(ops_sock)
        routed = ByPort(app, {ops_sock.getsockname()[1]: app.state.ops})
    config = uvicorn.Config(
        routed, host=host, port=port, log_config=None, lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=sockets))
    try:
        await wait_until(lambda: server.started or task.done(), 20, "uvicorn did not start")
        if task.done():
            task.result()  # raise what went wrong
            raise RuntimeError("uvicorn stopped during start-up")
        yield server
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)
        sock.close()
        if ops_sock is not None:
            ops_sock.close()


@dataclass
class WebhookBot:
    """The webhook app serving on a local port, its Bot API server and database."""

    server: LocalBotApi
    app: Starlette
    base_url: str
    settings: Settings
    database_url: str
    handled: HandledUpdates
    http: httpx.AsyncClient
    clock: SettableClock = field(default_factory=lambda: SettableClock(START))
    ops_url: str = ""  # http://127.0.0.1:PORT of /healthz and /metrics
    _reader: Database | None = None

    @property
    def application(self) -> Any:
        """The python-telegram-bot Application inside the app."""
        return self.app.state.application

    @property
    def webhook_url(self) -> str:
        """Where updates are posted."""
        return f"{self.base_url}{WEBHOOK_PATH}"

    async def post_update(
        self, content: bytes | dict[str, Any], secret: str | None = SECRET
    ) -> httpx.Response:
        """POST an update (a dict as JSON, bytes as they are) the way Telegram would."""
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        if isinstance(content, bytes):
            headers["Content-Type"] = "application/json"
            return await self.http.post(self.webhook_url, content=content, headers=headers)
        return await self.http.post(self.webhook_url, json=content, headers=headers)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update Telegram delivered was handled and the bot went quiet."""
        await wait_until(
            lambda: (
                {d.update_id for d in self.server.webhook_deliveries if d.ok}
                <= set(self.handled.ids)
            ),
            timeout,
            "a delivered update was never handled",
        )
        await self.server.wait_idle(timeout=timeout)

    @contextlib.asynccontextmanager
    async def store(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work on the test's own connection to the bot's database."""
        if self._reader is None:
            self._reader = Database.from_url(self.database_url)
        async with self._reader.unit_of_work() as uow:
            yield uow

    async def row_counts(self) -> dict[str, int]:
        """How many rows each of the bot's tables holds."""
        if self._reader is None:
            self._reader = Database.from_url(self.database_url)
        async with self._reader.engine.connect() as connection:
            return {
                table.name: (
                    await connection.execute(select(func.count()).select_from(table))
                ).scalar_one()
                for table in Base.metadata.sorted_tables
            }

    async def close_reader(self) -> None:
        """Close the test's own connection."""
        if self._reader is not None:
            await self._reader.close()
            self._reader = None


def webhook_settings(server: LocalBotApi, database_url: str, port: int, **extra: Any) -> Settings:
    """Settings for webhook mode against the local Bot API server."""
    return Settings(
        telegram_bot_token=server.token,
        telegram_api_base_url=server.url,
        database_url=database_url,
        webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        webhook_secret=SECRET,
        **extra,
    )


@contextlib.asynccontextmanager
async def running_webhook_bot(server: LocalBotApi, database_url: str) -> AsyncIterator[WebhookBot]:
    """The webhook app built by `create_app`, served by uvicorn until the block ends."""
    sock, ops_sock = listening_socket(), listening_socket()
    port = sock.getsockname()[1]
    settings = webhook_settings(server, database_url, port)
    clock = SettableClock(START)
    app = create_app(settings, clock=clock)
    with counting_handled_updates() as handled:
        async with serving(app, sock, ops_sock), httpx.AsyncClient(timeout=10) as http:
            remove_probe = server.add_idle_probe(lambda: application_is_idle(app.state.application))
            bot = WebhookBot(
                server, app, f"http://127.0.0.1:{port}", settings, database_url, handled, http,
                clock, f"http://127.0.0.1:{ops_sock.getsockname()[1]}",
            )  # fmt: skip
            try:
                yield bot
            finally:
                remove_probe()
                await bot.close_reader()


@pytest.fixture
async def local_api() -> AsyncIterator[LocalBotApi]:
    """A fresh local Bot API server; the test fails on any Bot API schema violation."""
    async with local_bot_api() as server:
        yield server
        assert_schema_clean(server)


@pytest.fixture
def sqlite_url(migrated_sqlite: Path, tmp_path: Path) -> str:
    """A fresh SQLite database file, already migrated (tests/conftest.py)."""
    return fresh_sqlite(migrated_sqlite, tmp_path / "bot.db")


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database (dropped after the test)."""
    async with scratch_postgres() as url:
        yield url


@pytest.fixture
async def webhook_bot(local_api: LocalBotApi, sqlite_url: str) -> AsyncIterator[WebhookBot]:
    """The webhook app on SQLite, started (webhook registered) and stopped around the test."""
    async with running_webhook_bot(local_api, sqlite_url) as bot:
        yield bot
