"""Reusable pieces for test suites: start the local server, run a PTB Application against it.

Kept free of pytest so any suite (or the terminal chat, or a benchmark) can import it;
``tests/fakegram/conftest.py`` shows the fixtures built on it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from fakegram.server import LocalBotApi

FAST_POLL_TIMEOUT = 1  # seconds a getUpdates call waits; short so shutdown is quick


def application_builder(server: LocalBotApi, token: str | None = None) -> ApplicationBuilder:  # type: ignore[type-arg]
    """An ApplicationBuilder pointed at ``server`` (add handlers, persistence, etc. yourself)."""
    return (
        ApplicationBuilder()
        .token(token or server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
    )


def application_is_idle(app: Application[Any, Any, Any, Any, Any, Any]) -> bool:
    """Whether every update ``app`` fetched has been fully handled.

    PTB calls ``update_queue.task_done()`` only after an update's handlers finished (also with
    concurrent updates, where handling runs in a task that starts a loop turn later), so the
    queue's count of unfinished items is the exact signal; asyncio has no public getter for it.
    Tasks started by ``block=False`` handlers and jobs are not covered.
    """
    unfinished = getattr(app.update_queue, "_unfinished_tasks", None)
    if unfinished is None:  # pragma: no cover - a future asyncio without the counter
        unfinished = app.update_queue.qsize()
    return unfinished == 0 and app.update_processor.current_concurrent_updates == 0


@contextlib.asynccontextmanager
async def running_application(
    app: Application[Any, Any, Any, Any, Any, Any],
    server: LocalBotApi,
    *,
    poll_timeout: int = FAST_POLL_TIMEOUT,
    drop_pending_updates: bool = False,
    allowed_updates: list[str] | None = None,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Run ``app`` with long polling against ``server`` the way ``run_polling`` would
    (post_init, post_stop and post_shutdown included), and shut it down cleanly after."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None, "build the Application with an Updater to poll"
    remove_probe = server.add_idle_probe(lambda: application_is_idle(app))
    try:
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            drop_pending_updates=drop_pending_updates,
            allowed_updates=allowed_updates,
        )
        await app.start()
        yield app
    finally:
        remove_probe()
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


@contextlib.asynccontextmanager
async def local_bot_api(**options: Any) -> AsyncIterator[LocalBotApi]:
    """A started LocalBotApi (options as for its constructor), stopped afterwards."""
    server = LocalBotApi(**options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def assert_schema_clean(server: LocalBotApi) -> None:
    """Fail with a readable list if any call (or result) broke the Bot API schema."""
    if server.schema_violations:
        lines = "\n".join(f"  - {v}" for v in server.schema_violations)
        raise AssertionError(f"Bot API schema violations:\n{lines}")
