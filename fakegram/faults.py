"""Failures a test asks for (fail_next) and Telegram's flood limits (limits mode), with stats."""

from __future__ import annotations

import math
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
    """Failures queued per method (or for any method with ``"*"``), used first in, first out."""

    def __init__(self) -> None:
        self._queued: dict[str, deque[Fault]] = {}

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
        return None

    def clear(self) -> None:
        """Forget every queued fault."""
        self._queued.clear()


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented flood limits for sending messages."""

    global_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    tolerance: float = 0.005


@dataclass
class SendStats:
    """What the bot sent and how often it was told to slow down (for benchmarks)."""

    sent_per_chat: Counter[int] = field(default_factory=Counter)
    send_times: list[float] = field(default_factory=list)
    too_many_requests: int = 0
    rejected_per_chat: Counter[int] = field(default_factory=Counter)

    @property
    def sent(self) -> int:
        """Messages accepted in all chats."""
        return len(self.send_times)

    def peak_per_second(self) -> int:
        """The most messages accepted within any one-second window."""
        times = sorted(self.send_times)
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
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}

    def _windows(self, chat_id: int, is_group: bool) -> list[_Window]:
        windows = [self._global]
        windows.append(
            self._chats.setdefault(chat_id, _Window(1.0, self.limits.per_chat_per_second))
        )
        if is_group:
            windows.append(
                self._groups.setdefault(chat_id, _Window(60.0, self.limits.per_group_per_minute))
            )
        return windows

    def retry_after(self, chat_id: int, is_group: bool, now: float) -> int | None:
        """Seconds to wait (Telegram rounds up) if a send now breaks a limit, else None."""
        wait = max(
            w.wait_needed(now, self.limits.tolerance) for w in self._windows(chat_id, is_group)
        )
        return max(math.ceil(wait), 1) if wait > 0 else None

    def record(self, chat_id: int, is_group: bool, now: float) -> None:
        """Count an accepted send."""
        for window in self._windows(chat_id, is_group):
            window.add(now)
