"""Send one scheduled prompt exactly once: claim the slot, send it, record the send.

A claim is taken in the database before sending and marked sent after, so restarts, crashes
and other instances neither duplicate nor lose a prompt (a claim that was never marked sent is
taken over after its lease, or as soon as its instance is known dead). A send whose outcome is
unknown (it timed out after the request went out) is recorded as used up, never sent again.
Recording a send is retried through a database blip: its claim stays this instance's meanwhile,
and the instance records it before its heartbeat says it is alive again.
A person who blocked the bot is marked inactive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ExtBot

from delivery.ratelimit import BULK, BULK_MAY_PAY
from delivery.retry import certainly_not_applied, with_retries
from storage.db import Database
from storage.handling import is_transient
from storage.records import Claim, DeliveryKey
from telemetry.metrics import MESSAGES_SENT, PROMPTS_UNCERTAIN

logger = logging.getLogger(__name__)


class Outcome(Enum):
    """What became of one slot."""

    SENT = "sent"
    ALREADY = "already"  # sent (or used up) already
    HELD = "held"  # claimed by another sender and not finished: look again soon
    SKIPPED = "skipped"  # used up without sending (e.g. the water goal was met)
    FAILED = "failed"  # released, to be tried again
    BLOCKED = "blocked"  # the person blocked the bot
    UNCERTAIN = "uncertain"  # timed out: maybe delivered; used up, never sent again


@dataclass(frozen=True)
class Prompt:
    """The message to send."""

    text: str
    keyboard: InlineKeyboardMarkup | None


PromptBuilder = Callable[[Claim], Awaitable[Prompt | None]]
# Waits between tries of recording a send (about a minute and a half in all).
RECORD_RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 30.0)


async def deliver(
    database: Database,
    bot: ExtBot[Any],
    key: DeliveryKey,
    chat_id: int,
    build: PromptBuilder,
    *,
    clock: Callable[[], dt.datetime],
    lease: dt.timedelta,
    by: str | None = None,
    may_pay: bool = False,
) -> Outcome:
    """Claim `key`, build its message (None: use the slot up unsent), send it, mark it sent.

    `may_pay`: the prompt is late, so it may go out as a paid broadcast if the operator allows.
    """
    async with database.unit_of_work() as uow:
        claim = await uow.deliveries.claim(
            key.person_id, key.kind, key.local_date, key.slot, clock(), lease=lease, by=by
        )
        if claim is None:
            existing = await uow.deliveries.get(key.person_id, key.kind, key.local_date, key.slot)
    if claim is None:
        if existing is not None and existing.sent_at is not None:
            return Outcome.ALREADY
        # Someone holds it (another instance, or one that died holding it): the caller must
        # look again, so the slot is taken over once the lease has run out, not forgotten.
        return Outcome.HELD
    prompt = await build(claim)
    if prompt is None:
        async with database.unit_of_work() as uow:
            await uow.deliveries.mark_skipped(claim, clock())
        return Outcome.SKIPPED
    try:
        message = await with_retries(
            lambda: bot.send_message(
                chat_id,
                prompt.text,
                parse_mode=ParseMode.HTML,
                reply_markup=prompt.keyboard,
                rate_limit_args=BULK_MAY_PAY if may_pay else BULK,
            )
        )
    except NetworkError as error:
        if isinstance(error, BadRequest) or certainly_not_applied(error):
            return await _failed(database, claim, key.kind, error)
        PROMPTS_UNCERTAIN.inc()
        logger.warning("a %s prompt timed out: maybe delivered, not sent again", key.kind)
        await _record(database, lambda uow: uow.deliveries.mark_uncertain(claim, clock()))
        return Outcome.UNCERTAIN
    except Forbidden:
        async with database.unit_of_work() as uow:
            await uow.deliveries.release(claim)
            await uow.people.mark_blocked(key.person_id, clock())
        logger.info("person %s blocked the bot; marked inactive", key.person_id)
        return Outcome.BLOCKED
    except TelegramError as error:
        return await _failed(database, claim, key.kind, error)
    MESSAGES_SENT.labels(kind=key.kind).inc()
    sent_at = clock()
    await _record(
        database, lambda uow: uow.deliveries.mark_sent(claim, message.message_id, sent_at)
    )
    return Outcome.SENT


async def _failed(database: Database, claim: Claim, kind: str, error: TelegramError) -> Outcome:
    """Not sent: give the slot back to be tried again."""
    async with database.unit_of_work() as uow:
        await uow.deliveries.release(claim)
    logger.warning("could not send a %s prompt: %s", kind, type(error).__name__)
    return Outcome.FAILED


async def _record(database: Database, write: Callable[[Any], Awaitable[bool]]) -> None:
    """Record a send's outcome, through database blips: a slot sent but left unmarked would be
    taken over and sent again."""
    for delay in (*RECORD_RETRY_SECONDS, None):
        try:
            async with database.unit_of_work() as uow:
                await write(uow)
            return
        except Exception as error:
            if delay is None or not is_transient(error):
                raise
            logger.warning(
                "recording a send failed (%s); again in %.1f s", type(error).__name__, delay
            )
            await asyncio.sleep(delay)
