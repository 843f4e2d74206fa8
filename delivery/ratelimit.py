"""A python-telegram-bot rate limiter that keeps Telegram's flood limits and serves people first.

Sending methods are held to about 30 a second overall and 1 a second per chat, counted by a
send budget: this process's own (`LocalBudget`, SQLite or one instance) or one shared by every
instance (`SharedBudget`, in PostgreSQL or Redis; see storage/send_budget.py), so any instance
may use the whole budget while the others are idle.

People first: a request made with `rate_limit_args={"priority": "bulk"}` (a scheduled prompt)
waits while any reply to a person is waiting in this process, and with a shared budget prompts
may fill only `overall - reserve` places, so a reply from another instance always finds one.
A prompt whose `rate_limit_args` also say `"may_pay": True` may go out as a paid broadcast
(`allow_paid_broadcast`) when the free budget is full, if the operator enabled it. A RetryAfter
answer pauses all sending for the time Telegram asks and the request is tried again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
import time
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from delivery.budget import LocalBudget, SharedBudget
from delivery.retry import certainly_not_applied
from storage.handling import current_handling
from storage.send_budget import Grant, Limits
from telemetry.metrics import MESSAGES_SENT, SEND_ERRORS

logger = logging.getLogger(__name__)

BULK = {"priority": "bulk"}
# A late prompt, which may go out as a paid broadcast if the operator allows (PriorityRateLimiter).
BULK_MAY_PAY = {"priority": "bulk", "may_pay": True}
PAID_PER_SECOND = 1000  # Telegram's limit for paid broadcasts
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
MAX_SHARED_WAIT = 0.1  # ask the shared budget again at least this often
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
        shared: SharedBudget | None = None,
        reserve_for_people: int = 1,
        paid_daily_cap: int = 0,
    ) -> None:
        self.reply_retry_seconds = reply_retry_seconds
        self.overall_per_second = overall_per_second
        # A place is held until a second after the answer, with no margin: Telegram received
        # the message before it answered, so the next message let into this place arrives more
        # than a second after it (delivery/budget.py). `margin` pads only the per-chat second.
        self.hold = 1.0
        self.max_retries = max_retries
        self.paid_daily_cap = paid_daily_cap
        self._clock = clock
        self._local = LocalBudget(
            overall=overall_per_second,
            hold=self.hold,
            chat_hold=chat_interval + margin,
            paid_per_second=PAID_PER_SECOND,
            paid_daily_cap=paid_daily_cap,
            clock=clock,
        )
        self._shared = shared
        self._reserve = min(reserve_for_people, overall_per_second - 1)
        self._bulk_turn = asyncio.Lock()  # one prompt at a time asks the shared budget
        self._paused_until = 0.0
        self._people_waiting = 0
        self.retry_after_count = 0

    def share(self, budget: SharedBudget) -> None:
        """Count every limited send in `budget`, shared with the other instances, from now on."""
        self._shared = budget

    async def initialize(self) -> None:
        """Nothing to open (the shared budget is opened by its owner)."""

    async def shutdown(self) -> None:
        """Close the shared budget's connections."""
        if self._shared is not None:
            await self._shared.close()

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
        may_pay = bulk and bool((rate_limit_args or {}).get("may_pay"))
        limited = endpoint in LIMITED_METHODS
        chat_id = data.get("chat_id") if limited else None
        server_errors = 0
        attempt = 0
        while True:
            attempt += 1
            found = await self._permit(limited, chat_id, bulk, may_pay)
            if found is not None:
                # `data` is the request's own parameters: a paid permit makes it a paid broadcast.
                if found.paid:
                    data["allow_paid_broadcast"] = True
                else:
                    data.pop("allow_paid_broadcast", None)
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
                if found is not None and found.paid:
                    MESSAGES_SENT.labels(kind="paid_broadcast").inc()
                return result
            finally:
                if found is not None:
                    await self._answered(found, chat_id)

    async def _permit(
        self, limited: bool, chat_id: int | str | None, bulk: bool, may_pay: bool
    ) -> _Pass | None:
        """Wait until the request may go; None for methods outside the message limits."""
        if not bulk:
            self._people_waiting += 1
        try:
            while True:
                if await self._held_back(bulk):
                    continue
                if not limited:
                    return None
                if self._shared is not None and (chat_id is None or isinstance(chat_id, int)):
                    found = await self._shared_permit(chat_id, bulk, may_pay)
                    if found is not None:
                        return found
                grant = self._local.take(chat_id, may_pay=may_pay)
                if grant.permit is not None:
                    return _Pass(grant, shared=False)
                # Polling keeps this simple; few requests wait at once, since the scheduler
                # sends through a bounded number of workers.
                await asyncio.sleep(min(grant.wait, POLL_SECONDS) if bulk else grant.wait)
        finally:
            if not bulk:
                self._people_waiting -= 1

    async def _held_back(self, bulk: bool) -> bool:
        """Wait out a RetryAfter pause, or (a prompt) a moment while a reply waits; True if it
        waited, so the caller looks again."""
        if (pause := self._paused_until - self._clock()) > 0:
            await asyncio.sleep(pause)
            return True
        if bulk and self._people_waiting:
            await asyncio.sleep(POLL_SECONDS)
            return True
        return False

    async def _shared_permit(self, chat_id: int | None, bulk: bool, may_pay: bool) -> _Pass | None:
        """A shared permit (waiting for it), or None: the budget failed, use the local one."""
        assert self._shared is not None
        limits = Limits(
            overall=self.overall_per_second - (self._reserve if bulk else 0),
            paid_per_second=PAID_PER_SECOND,
            paid_cap=self.paid_daily_cap if may_pay else 0,
        )
        turn = self._bulk_turn if bulk else _NO_TURN
        async with turn:
            while True:
                if await self._held_back(bulk):
                    continue
                try:
                    grant = await self._shared.take(chat_id, limits)
                except Exception as error:  # the database or Redis is down: keep sending
                    logger.warning(
                        "shared send budget unavailable (%s); this instance paces itself",
                        type(error).__name__,
                    )
                    return None
                if grant.permit is not None:
                    return _Pass(grant, shared=True)
                await asyncio.sleep(min(max(grant.wait, POLL_SECONDS), MAX_SHARED_WAIT))

    async def _answered(self, found: _Pass, chat_id: int | str | None) -> None:
        """A let-through send came back (or failed): its second starts now."""
        if not found.shared:
            self._local.give_back(found.grant, chat_id)
            return
        assert self._shared is not None and found.grant.permit is not None
        try:
            await self._shared.give_back(found.grant.permit, self.hold)
        except Exception as error:  # its lease frees the place anyway
            logger.warning("could not give a send permit back: %s", type(error).__name__)

    async def paid_today(self) -> int:
        """Paid broadcasts sent today (by every instance when the budget is shared)."""
        if self._shared is not None:
            return await self._shared.paid_today() + self._local.paid_today()
        return self._local.paid_today()


class _Pass:
    """A permit and where it came from."""

    __slots__ = ("grant", "shared")

    def __init__(self, grant: Grant, *, shared: bool) -> None:
        self.grant = grant
        self.shared = shared

    @property
    def paid(self) -> bool:
        """Whether the message goes out as a paid broadcast."""
        return self.grant.paid


class _NoTurn:
    """A lock that never waits (replies do not queue behind each other)."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *_exc: object) -> None:
        return None


_NO_TURN = _NoTurn()
