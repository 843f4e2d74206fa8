"""Update processing: several people at once, one update at a time per chat, each logged once.

A person's updates are handled in order (their flow state depends on it) while other people's
updates go on in parallel, so one slow report never holds up anyone else. Every update gives
one log line with its kind and handling time: ids and kinds only, never text or health data.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from telemetry.metrics import UPDATE_SECONDS, UPDATES

logger = logging.getLogger(__name__)


def update_kind(update: object) -> str:
    """The kind of an update: message, callback_query, edited_message, ..."""
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        if getattr(update, kind) is not None:
            return kind
    return "other"


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to `max_concurrent_updates` at once, serialised within each chat."""

    def __init__(self, max_concurrent_updates: int = 32) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        # Wraps each update's handling inside its chat's turn (the inbox, set in post_init).
        self.around: Callable[[object, Awaitable[Any]], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn, run the handlers, log the kind and time."""
        chat_id = _chat_id(update)
        started = time.perf_counter()
        if self.around is not None:
            coroutine = self.around(update, coroutine)
        if chat_id is None:
            await coroutine
        else:
            lock = self._locks.setdefault(chat_id, asyncio.Lock())
            self._users[chat_id] = self._users.get(chat_id, 0) + 1
            try:
                async with lock:
                    await coroutine
            finally:
                self._users[chat_id] -= 1
                if not self._users[chat_id]:
                    del self._users[chat_id], self._locks[chat_id]
        seconds = time.perf_counter() - started
        kind = update_kind(update)
        UPDATES.labels(kind=kind).inc()
        UPDATE_SECONDS.observe(seconds)
        logger.info(
            "update handled",
            extra={
                "update_id": getattr(update, "update_id", None),
                "update_kind": kind,
                "handling_ms": round(seconds * 1000, 1),
            },
        )

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
