"""Send one scheduled prompt exactly once: claim the slot, send it, record the send.

A claim is taken in the database before sending and marked sent after, so restarts, crashes
and other instances neither duplicate nor lose a prompt (a claim that was never marked sent is
taken over after its lease). A person who blocked the bot is marked inactive.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from delivery.ratelimit import BULK, BULK_MAY_PAY
from delivery.retry import with_retries
from storage.db import Database
from storage.records import Claim, DeliveryKey
from telemetry.metrics import MESSAGES_SENT

logger = logging.getLogger(__name__)


class Outcome(Enum):
    """What became of one slot."""

    SENT = "sent"
    ALREADY = "already"  # sent (or used up) already
    HELD = "held"  # claimed by another sender and not finished: look again soon
    SKIPPED = "skipped"  # used up without sending (e.g. the water goal was met)
    FAILED = "failed"  # released, to be tried again
    BLOCKED = "blocked"  # the person blocked the bot


@dataclass(frozen=True)
class Prompt:
    """The message to send."""

    text: str
    keyboard: InlineKeyboardMarkup | None


PromptBuilder = Callable[[Claim], Awaitable[Prompt | None]]


async def deliver(
    database: Database,
    bot: ExtBot[Any],
    key: DeliveryKey,
    chat_id: int,
    build: PromptBuilder,
    *,
    clock: Callable[[], dt.datetime],
    lease: dt.timedelta,
    may_pay: bool = False,
) -> Outcome:
    """Claim `key`, build its message (None: use the slot up unsent), send it, mark it sent.

    `may_pay`: the prompt is late, so it may go out as a paid broadcast if the operator allows.
    """
    async with database.unit_of_work() as uow:
        claim = await uow.deliveries.claim(
            key.person_id, key.kind, key.local_date, key.slot, clock(), lease=lease
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
    except Forbidden:
        async with database.unit_of_work() as uow:
            await uow.deliveries.release(claim)
            await uow.people.mark_blocked(key.person_id, clock())
        logger.info("person %s blocked the bot; marked inactive", key.person_id)
        return Outcome.BLOCKED
    except TelegramError as error:
        async with database.unit_of_work() as uow:
            await uow.deliveries.release(claim)
        logger.warning("could not send a %s prompt: %s", key.kind, type(error).__name__)
        return Outcome.FAILED
    async with database.unit_of_work() as uow:
        await uow.deliveries.mark_sent(claim, message.message_id, clock())
    MESSAGES_SENT.labels(kind=key.kind).inc()
    return Outcome.SENT
