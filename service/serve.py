"""Run the bot as a process, in either mode, until SIGTERM/SIGINT or a lost token.

Start-up opens the sockets, checks the token and the database before taking any update; a
failure is one line naming the setting (`StartupError`). Stopping: no new updates, the ones in
hand are finished, resources closed; the exit status is 0 after a signal and 1 when the Bot API
stopped taking the token. `/healthz` and `/metrics` are served on METRICS_LISTEN:METRICS_PORT in
both modes, on a socket of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterator
from typing import Literal

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send
from telegram.ext import Application

from inbox.polling import polling
from service.lifecycle import Lifecycle, StartupError, lifecycle_of, open_bot
from service.logs import summarise_repeats
from service.ops import create_ops_app

logger = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10
GRACEFUL_SECONDS = 20


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: this module decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ByPort:
    """One ASGI app per listening port (the webhook's and the operator's), one lifespan."""

    def __init__(self, main: ASGIApp, others: dict[int, ASGIApp]) -> None:
        self.main = main
        self.others = others

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = scope.get("server")
        port = server[1] if scope["type"] != "lifespan" and server else None
        await self.others.get(port, self.main)(scope, receive, send)  # type: ignore[arg-type]


def listen(host: str, port: int, setting: str) -> socket.socket:
    """A bound TCP socket, or a StartupError naming `setting`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        reason = error.strerror or type(error).__name__
        raise StartupError(f"{setting}: cannot listen on {host}:{port} ({reason})") from None
    sock.set_inheritable(True)
    return sock


def _ops_socket(ops_at: tuple[str, int] | None) -> socket.socket | None:
    if ops_at is None:
        return None
    return listen(*ops_at, "METRICS_PORT")


def _stop_on_signals(lifecycle: Lifecycle) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lifecycle.request_stop)


def _uvicorn(app: ASGIApp, lifespan: Literal["on", "off"]) -> _Server:
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan=lifespan,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    return _Server(config)


async def serve_polling(
    build: Callable[[], Application],  # type: ignore[type-arg]
    *,
    api_url: str,
    database_url: str,
    ops_at: tuple[str, int] | None,
    allowed_updates: list[str],
) -> int:
    """Long polling through the inbox (a batch is confirmed only once it is stored), with the
    operator's endpoints on `ops_at` (METRICS_LISTEN, METRICS_PORT; None: not served).
    `api_url` and `database_url` only name what failed in a start-up error."""
    application = build()
    lifecycle = lifecycle_of(application)
    _stop_on_signals(lifecycle)
    ops_socket = _ops_socket(ops_at)
    try:
        await open_bot(application, api_url, database_url)
    except StartupError:
        await _close_quietly(application)
        raise
    ops = _uvicorn(create_ops_app(application), "off") if ops_socket else None
    ops_task = asyncio.create_task(ops.serve([ops_socket])) if ops and ops_socket else None
    try:
        async with polling(
            application,
            allowed_updates=allowed_updates,
            poll_timeout=POLL_TIMEOUT_SECONDS,
            opened=True,
        ):
            lifecycle.set_ready(True)
            logger.info("taking updates (long polling)")
            await lifecycle.stop_requested.wait()
            lifecycle.set_ready(False)
            logger.info("stopping: no new updates; finishing the ones in hand")
    finally:
        if ops is not None and ops_task is not None:
            ops.should_exit = True
            await ops_task
        summarise_repeats()
    return 1 if lifecycle.failure else 0


async def serve_webhook(
    build: Callable[[], Starlette],
    *,
    api_url: str,
    database_url: str,
    webhook_at: tuple[str, int],
    ops_at: tuple[str, int] | None,
) -> int:
    """The webhook app (bot.webhook.create_app) on `webhook_at` (WEBHOOK_LISTEN, WEBHOOK_PORT),
    the operator's (its `state.ops`) on `ops_at`."""
    app = build()
    application = app.state.application
    lifecycle = lifecycle_of(application)
    _stop_on_signals(lifecycle)
    sockets = [listen(*webhook_at, "WEBHOOK_PORT")]
    others: dict[int, ASGIApp] = {}
    if ops_socket := _ops_socket(ops_at):
        sockets.append(ops_socket)
        others[ops_socket.getsockname()[1]] = app.state.ops
    try:
        await open_bot(application, api_url, database_url)
    except StartupError:
        await _close_quietly(application)
        raise
    server = _uvicorn(ByPort(app, others), "on")

    async def stop_when_asked() -> None:
        await lifecycle.stop_requested.wait()
        server.should_exit = True

    watcher = asyncio.create_task(stop_when_asked())
    try:
        await server.serve(sockets)
    finally:
        watcher.cancel()
        summarise_repeats()
    if not server.started and lifecycle.failure is None:
        raise StartupError("the webhook app did not start (see the log above)")
    return 1 if lifecycle.failure else 0


async def _close_quietly(application: object) -> None:
    """Close what a failed start-up opened (the database, HTTP clients), saying nothing."""
    with contextlib.suppress(Exception):
        post_shutdown = getattr(application, "post_shutdown", None)
        if post_shutdown is not None:
            await post_shutdown(application)
    with contextlib.suppress(Exception):
        await application.shutdown()  # type: ignore[attr-defined]
