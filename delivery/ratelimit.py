"""A python-telegram-bot rate limiter that keeps Telegram's flood limits and serves people first.

Sending methods are held to about 30 a second overall and 1 a second per chat. A request made
with `rate_limit_args={"priority": "bulk"}` (a scheduled prompt) waits while any reply to a
person is waiting, so a conversation is never stuck behind a batch. A RetryAfter answer pauses
all sending for the time Telegram asks and the request is tried again.

A send holds its place in the limits from the moment it is let through until a second after its
answer came back: Telegram counts it somewhere in between, and under load the time a request
spends in the HTTP client and on the wire varies by tens of milliseconds, more than any margin
on the permit time alone covers (that gave 429s against a server enforcing the limits).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
import time
import warnings
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from delivery.retry import certainly_not_applied
from storage.handling import current_handling
from telemetry.metrics import MESSAGES_SENT, SEND_ERRORS

logger = logging.getLogger(__name__)

BULK = {"priority": "bulk"}
# A reply the outbox keeps trying: its failure is not a lost reply (the outbox sends it later).
OUTBOXED = {"outbox": True}
# Methods that count toward Telegram's message limits (edits and answers do not).
LIMITED_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendSticker", "sendLocation",
        "sendAudio", "sendVideo", "sendAnimation", "sendMediaGroup", "copyMessage",
        "forwardMessage",
    }
)  # fmt: skip
POLL_SECONDS = 0.01
# A reply that met a server error (502 and the like: not applied) goes again after these waits
# (about 15 s in all); then it is given up and, if its data was stored, noted for the person.
REPLY_RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0)
# Methods whose failure loses a reply the person should have seen.
REPLY_METHODS = LIMITED_METHODS | {"editMessageText", "editMessageCaption"}
_TAG = re.compile(r"<[^>]+>")


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds (PTB is moving it from int to timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, dt.timedelta) else float(delay)


def _worth_retrying(error: TelegramError) -> bool:
    """A server error (502 and the like) or a request that never left was not applied: a
    reply can safely go again. A timeout may have been applied: not retried (no double
    replies)."""
    return certainly_not_applied(error)


def _is_bulk(rate_limit_args: dict[str, Any] | None) -> bool:
    return bool(rate_limit_args) and rate_limit_args.get("priority") == "bulk"  # type: ignore[union-attr]


def _note_lost_reply(error: TelegramError, data: dict[str, Any]) -> None:
    """Remember a reply that never arrived (its plain text), for the update being handled.
    A timed-out one may have arrived, and a bad request would fail again: neither is noted."""
    handling = current_handling()
    text = data.get("text")
    if handling is None or not isinstance(text, str) or not _worth_retrying(error):
        return
    if data.get("parse_mode") == "HTML":
        text = html.unescape(_TAG.sub("", text))
    handling.lost_replies.append(text)


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Flood limits with two priorities; see the module docstring."""

    def __init__(
        self,
        *,
        overall_per_second: int = 30,
        chat_interval: float = 1.0,
        margin: float = 0.02,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
        reply_retry_seconds: tuple[float, ...] = REPLY_RETRY_SECONDS,
    ) -> None:
        self.reply_retry_seconds = reply_retry_seconds
        self.overall_per_second = overall_per_second
        self.chat_interval = chat_interval + margin
        self.window = 1.0 + margin
        self.max_retries = max_retries
        self._clock = clock
        self._recent: deque[float] = deque()
        self._chat_next: dict[int | str, float] = {}
        self._in_flight = 0  # let through, answer not back yet
        self._chats_in_flight: set[int | str] = set()
        self._paused_until = 0.0
        self._people_waiting = 0
        self.retry_after_count = 0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for a permit, make the call, and try again after a RetryAfter.

        answerCallbackQuery is best effort: its failure is logged and never stops a handler.
        """
        try:
            return await self._process(callback, args, kwargs, endpoint, data, rate_limit_args)
        except TelegramError as error:
            if endpoint == "answerCallbackQuery":
                logger.warning("could not answer a button press: %s", type(error).__name__)
                return True
            if endpoint in REPLY_METHODS and not (rate_limit_args or {}).keys() & {
                "priority",
                "outbox",
            }:
                _note_lost_reply(error, data)
            raise

    async def _process(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        bulk = _is_bulk(rate_limit_args)
        limited = endpoint in LIMITED_METHODS
        chat_id = data.get("chat_id") if limited else None
        server_errors = 0
        attempt = 0
        while True:
            attempt += 1
            await self._permit(limited, chat_id, bulk)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as error:
                SEND_ERRORS.labels(kind="RetryAfter").inc()
                self.retry_after_count += 1
                seconds = retry_after_seconds(error)
                self._paused_until = max(self._paused_until, self._clock() + seconds)
                logger.warning("flood control: pausing sends for %.1f s", seconds)
                if attempt > self.max_retries:
                    raise
            except TelegramError as error:
                SEND_ERRORS.labels(kind=type(error).__name__).inc()
                waits = self.reply_retry_seconds
                if bulk or not _worth_retrying(error) or server_errors >= len(waits):
                    raise  # prompts retry in delivery/retry.py; a reply tries again here
                await asyncio.sleep(waits[server_errors])
                server_errors += 1
            else:
                if endpoint in LIMITED_METHODS and not bulk:
                    MESSAGES_SENT.labels(kind="reply").inc()
                return result
            finally:
                if limited:
                    self._answered(chat_id)

    async def _permit(self, limited: bool, chat_id: int | str | None, bulk: bool) -> None:
        if not bulk:
            self._people_waiting += 1
        try:
            # Polling (10 ms) keeps this simple; few requests wait at once, since the scheduler
            # sends through a bounded number of workers.
            while (wait := self._wait(limited, chat_id, bulk)) > 0:  # noqa: ASYNC110
                await asyncio.sleep(min(wait, POLL_SECONDS) if bulk else wait)
            if limited:
                self._in_flight += 1
                if chat_id is not None:
                    self._chats_in_flight.add(chat_id)
        finally:
            if not bulk:
                self._people_waiting -= 1

    def _answered(self, chat_id: int | str | None) -> None:
        """A let-through send came back (or failed): its second starts now."""
        now = self._clock()
        self._in_flight -= 1
        self._recent.append(now)
        if chat_id is not None:
            self._chats_in_flight.discard(chat_id)
            self._chat_next[chat_id] = now + self.chat_interval
        if len(self._chat_next) > 10_000:  # forget chats whose interval has passed
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def _wait(self, limited: bool, chat_id: int | str | None, bulk: bool) -> float:
        now = self._clock()
        wait = self._paused_until - now
        if not limited:
            return wait
        while self._recent and self._recent[0] <= now - self.window:
            self._recent.popleft()
        if self._in_flight + len(self._recent) >= self.overall_per_second:
            # Full: wait for the oldest answered send's second to pass, or for an answer.
            oldest = self._recent[0] + self.window - now if self._recent else POLL_SECONDS
            wait = max(wait, oldest)
        if chat_id is not None:
            wait = max(wait, self._chat_next.get(chat_id, 0.0) - now)
            if chat_id in self._chats_in_flight:
                wait = max(wait, POLL_SECONDS)
        if bulk and self._people_waiting:
            wait = max(wait, POLL_SECONDS)
        return wait
