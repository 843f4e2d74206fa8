"""The send budget of one process (SQLite, or a single instance) and the shared one's interface.

`LocalBudget` keeps Telegram's limits in memory: at most `overall` messages in any second and
one a second per chat (`chat_hold`). A send holds its place from the moment it is let through
until `hold` seconds after its answer came back: Telegram counts it somewhere in between, and
under load the time a request spends in the HTTP client and on the wire varies by tens of
milliseconds, more than any margin on the permit time alone covers (that gave 429s against a
server enforcing the limits). Holding until exactly one second after the answer is enough:
a message let into a freed place is sent after the previous one's answer, so it arrives more
than a second after the previous one did, and no one-second window at Telegram can hold more
than `overall` of them (every message arriving in such a window still holds its place at the
window's end). Paid broadcasts (opt-in) have their own window of `paid_per_second` and a
daily cap.

`SharedBudget` is what storage/send_budget.py's PostgreSQL and Redis budgets offer: the same
rules decided in one place for every instance.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from storage.send_budget import Grant, Limits

POLL_SECONDS = 0.01


class SharedBudget(Protocol):
    """A send budget shared by every instance (PostgreSQL or Redis)."""

    async def take(self, chat_id: int | None, limits: Limits) -> Grant:
        """A permit now, or how long to wait."""

    async def give_back(self, permit: int, hold: float) -> None:
        """Telegram answered: keep the permit's place `hold` seconds more."""

    async def paid_today(self) -> int:
        """Paid messages sent today (UTC) by every instance."""

    async def close(self) -> None:
        """Release connections."""


class _Window:
    """Sends answered within the last `length` seconds, plus those still on their way."""

    def __init__(self, length: float) -> None:
        self.length = length
        self.answered: deque[float] = deque()
        self.in_flight = 0

    def held(self, now: float) -> int:
        while self.answered and self.answered[0] <= now - self.length:
            self.answered.popleft()
        return self.in_flight + len(self.answered)

    def wait(self, now: float) -> float:
        """When a full window frees a place: the oldest answer's second passing, or a poll."""
        return self.answered[0] + self.length - now if self.answered else POLL_SECONDS


class LocalBudget:
    """Telegram's limits for one process; see the module docstring."""

    def __init__(
        self,
        *,
        overall: int,
        hold: float,
        chat_hold: float | None = None,
        paid_per_second: int = 0,
        paid_daily_cap: int = 0,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = lambda: dt.datetime.now(dt.UTC).date(),
    ) -> None:
        self.overall = overall
        self.hold = hold
        self.chat_hold = hold if chat_hold is None else chat_hold
        self.paid_per_second = paid_per_second
        self.paid_daily_cap = paid_daily_cap
        self._clock = clock
        self._today = today
        self._free = _Window(hold)
        self._paid = _Window(hold)
        self._paid_count: tuple[dt.date, int] = (today(), 0)
        self._chat_next: dict[int | str, float] = {}
        self._chats_in_flight: set[int | str] = set()

    def take(self, chat_id: int | str | None, *, may_pay: bool = False) -> Grant:
        """A permit (0: free, 1: paid) now, or how long to wait."""
        now = self._clock()
        if chat_id is not None:
            if chat_id in self._chats_in_flight:
                return Grant(None, wait=POLL_SECONDS)
            if (chat_wait := self._chat_next.get(chat_id, 0.0) - now) > 0:
                return Grant(None, wait=chat_wait)
        if self._free.held(now) < self.overall:
            window, paid = self._free, False
        elif may_pay and self._may_pay(now):
            window, paid = self._paid, True
            day, count = self._paid_count
            self._paid_count = (day, count + 1)
        else:
            return Grant(None, wait=self._free.wait(now))
        window.in_flight += 1
        if chat_id is not None:
            self._chats_in_flight.add(chat_id)
        return Grant(int(paid), paid=paid)

    def _may_pay(self, now: float) -> bool:
        today = self._today()
        if self._paid_count[0] != today:
            self._paid_count = (today, 0)
        return (
            self._paid_count[1] < self.paid_daily_cap
            and self._paid.held(now) < self.paid_per_second
        )

    def give_back(self, permit: Grant, chat_id: int | str | None) -> None:
        """A let-through send came back (or failed): its second starts now."""
        now = self._clock()
        window = self._paid if permit.paid else self._free
        window.in_flight -= 1
        window.answered.append(now)
        if chat_id is not None:
            self._chats_in_flight.discard(chat_id)
            self._chat_next[chat_id] = now + self.chat_hold
        if len(self._chat_next) > 10_000:  # forget chats whose interval has passed
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def paid_today(self) -> int:
        """Paid messages sent today by this process."""
        day, count = self._paid_count
        return count if day == self._today() else 0
