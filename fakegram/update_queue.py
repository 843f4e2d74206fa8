"""The bot's queue of updates: numbering, allowed types, long polling and confirmation.

An update stays in the queue until it is confirmed, either by a getUpdates call whose offset is
higher than its update_id or by a successful webhook delivery, exactly as Telegram keeps it.
"""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import Any

from fakegram.errors import GETUPDATES_CONFLICT, ApiError

FIRST_UPDATE_ID = 100_000_001
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_TIMEOUT = 50


class Signal:
    """Wake every waiter at once; waiters re-check their own condition afterwards."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake everyone waiting now."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        """Return on the next notify, or after ``timeout`` seconds."""
        event = self._event
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            pass


class UpdateQueue:
    """Updates waiting for the bot, in update_id order."""

    def __init__(self, first_update_id: int = FIRST_UPDATE_ID) -> None:
        self.inspect: Callable[[dict[str, Any]], None] | None = None  # sees each new update
        self._next_id = first_update_id
        self._pending: list[dict[str, Any]] = []
        self._allowed: frozenset[str] | None = None  # None: Telegram's default set
        self._poll_generation = 0
        self.arrived = Signal()
        self.closing = False
        self.delivered: list[dict[str, Any]] = []
        self.waiting_polls = 0

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed, oldest first."""
        return list(self._pending)

    def set_allowed(self, allowed: Iterable[str] | None) -> None:
        """Apply ``allowed_updates`` (None keeps the previous choice, [] restores the default)."""
        if allowed is None:
            return
        chosen = frozenset(allowed)
        self._allowed = chosen or None

    def is_allowed(self, kind: str) -> bool:
        """Whether updates of ``kind`` are created under the current allowed_updates setting."""
        if self._allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self._allowed

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update of ``kind``; None when the bot does not receive that kind."""
        if not self.is_allowed(kind):
            return None
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        if self.inspect is not None:
            self.inspect(update)
        self._pending.append(update)
        self.arrived.notify()
        return update

    def confirm_before(self, offset: int) -> None:
        """Forget updates with an update_id lower than ``offset`` (a positive getUpdates offset)."""
        self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def confirm(self, update_id: int) -> None:
        """Forget one update (delivered to the webhook)."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        self.arrived.notify()

    def drop_all(self) -> None:
        """Forget every pending update (``drop_pending_updates``)."""
        self._pending.clear()

    def kick_pollers(self) -> None:
        """Make waiting getUpdates calls return (server stopping)."""
        self.closing = True
        self.arrived.notify()

    async def long_poll(
        self,
        *,
        offset: int | None,
        limit: int,
        timeout: float,
        still_wanted: Callable[[], bool],
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm by offset, then wait up to ``timeout`` for something to return."""
        self._poll_generation += 1
        generation = self._poll_generation
        self.arrived.notify()  # an older getUpdates still waiting now ends with 409
        if offset is not None and offset < 0:
            self._pending = self._pending[offset:]
        elif offset is not None:
            self.confirm_before(offset)
        limit = min(max(limit, 1), 100)
        deadline = time.monotonic() + min(max(timeout, 0), MAX_TIMEOUT)
        self.waiting_polls += 1
        try:
            while True:
                if generation != self._poll_generation:
                    raise ApiError(409, GETUPDATES_CONFLICT)
                batch = self._pending[:limit]
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self.closing or not still_wanted():
                    self.delivered.extend(batch)
                    return batch
                await self.arrived.wait(min(remaining, 0.05))
        finally:
            self.waiting_polls -= 1
