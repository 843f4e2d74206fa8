"""Failures a test asks for (fail_next) and Telegram's flood limits (limits mode), with stats."""

from __future__ import annotations

import math
import random
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["retry_after", "server_error", "timeout", "forbidden"]
FAULT_KINDS: tuple[FaultKind, ...] = ("retry_after", "server_error", "timeout", "forbidden")
ANY_METHOD = "*"

BAD_GATEWAY_BODY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Fault:
    """One injected failure.

    ``timeout`` holds the request until the client gives up (at most ``hold`` seconds) and then
    drops the connection without an answer; ``applied`` says whether the call still took effect,
    which with real Telegram may go either way.
    """

    kind: FaultKind
    retry_after: int = 5
    applied: bool = False
    hold: float = 10.0


class FaultPlan:
    """Failures queued per method (or for any method with ``"*"``), used first in, first out;
    and standing failures (``always``: every call, or a random share of calls) until cleared."""

    def __init__(self) -> None:
        self._queued: dict[str, deque[Fault]] = {}
        self._standing: dict[str, tuple[Fault, float, random.Random]] = {}

    def always(self, method: str, fault: Fault, share: float = 1.0, seed: int = 0) -> None:
        """Fail ``share`` (0-1) of the calls of ``method`` with ``fault`` until cleared."""
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; use one of {FAULT_KINDS}")
        key = method if method == ANY_METHOD else method.lower()
        self._standing[key] = (fault, share, random.Random(seed))

    def add(self, method: str, fault: Fault, times: int) -> None:
        """Fail the next ``times`` calls of ``method`` with ``fault``."""
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; use one of {FAULT_KINDS}")
        key = method if method == ANY_METHOD else method.lower()
        self._queued.setdefault(key, deque()).extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        """The fault for this call of ``method``, if one is queued."""
        for key in (method.lower(), ANY_METHOD):
            queue = self._queued.get(key)
            if queue:
                return queue.popleft()
        for key in (method.lower(), ANY_METHOD):
            standing = self._standing.get(key)
            if standing is not None and standing[2].random() < standing[1]:
                return standing[0]
        return None

    def clear(self) -> None:
        """Forget every queued and standing fault."""
        self._queued.clear()
        self._standing.clear()


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented flood limits for sending messages.

    A message sent with ``allow_paid_broadcast`` is outside the free overall limit and counts
    toward ``paid_per_second`` instead (the chat and group limits still hold).
    """

    global_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    paid_per_second: int = 1000
    tolerance: float = 0.005


@dataclass
class SendStats:
    """What the bot sent and how often it was told to slow down (for benchmarks)."""

    sent_per_chat: Counter[int] = field(default_factory=Counter)
    send_times: list[float] = field(default_factory=list)
    too_many_requests: int = 0
    rejected_per_chat: Counter[int] = field(default_factory=Counter)
    # Messages accepted with allow_paid_broadcast (each costs the bot 0.1 Stars on Telegram).
    paid: int = 0
    paid_times: list[float] = field(default_factory=list)

    @property
    def sent(self) -> int:
        """Messages accepted in all chats (free and paid)."""
        return len(self.send_times) + len(self.paid_times)

    def peak_per_second(self, *, paid: bool = False) -> int:
        """The most free (or, with `paid`, paid) messages accepted within any one second."""
        times = sorted(self.paid_times if paid else self.send_times)
        best = 0
        start = 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


class _Window:
    """Timestamps inside a sliding window of ``length`` seconds."""

    def __init__(self, length: float, capacity: int) -> None:
        self.length = length
        self.capacity = capacity
        self.times: deque[float] = deque()

    def wait_needed(self, now: float, tolerance: float) -> float:
        while self.times and now - self.times[0] >= self.length - tolerance:
            self.times.popleft()
        if len(self.times) < self.capacity:
            return 0.0
        return self.times[0] + self.length - now

    def add(self, now: float) -> None:
        self.times.append(now)


class RateLimiter:
    """Sliding-window flood control: overall, per chat, and per group per minute."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._global = _Window(1.0, limits.global_per_second)
        self._paid = _Window(1.0, limits.paid_per_second)
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}

    def _windows(self, chat_id: int, is_group: bool, paid: bool = False) -> list[_Window]:
        windows = [self._paid if paid else self._global]
        windows.append(
            self._chats.setdefault(chat_id, _Window(1.0, self.limits.per_chat_per_second))
        )
        if is_group:
            windows.append(
                self._groups.setdefault(chat_id, _Window(60.0, self.limits.per_group_per_minute))
            )
        return windows

    def retry_after(
        self, chat_id: int, is_group: bool, now: float, *, paid: bool = False
    ) -> int | None:
        """Seconds to wait (Telegram rounds up) if a send now breaks a limit, else None."""
        wait = max(
            w.wait_needed(now, self.limits.tolerance)
            for w in self._windows(chat_id, is_group, paid)
        )
        return max(math.ceil(wait), 1) if wait > 0 else None

    def record(self, chat_id: int, is_group: bool, now: float, *, paid: bool = False) -> None:
        """Count an accepted send."""
        for window in self._windows(chat_id, is_group, paid):
            window.add(now)
