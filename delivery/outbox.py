"""Messages that must arrive: emergency, urgent and crisis answers, and notes about lost replies.

An answer is written to the outbox (with the instance that sends it) and sent at once; if the
send fails it is tried again by any instance, with backoff, until it is sent or its deadline
(30 minutes) passes, across restarts. A timed-out send may have arrived and is not repeated.
A note waits for the person's next message and goes out before its answer. A message with
buttons (the crisis message) keeps them as Bot API JSON and is sent with them every time.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ExtBot

from delivery.ratelimit import OUTBOXED
from delivery.retry import certainly_not_applied
from storage.db import Database
from storage.repositories.outbox import ANSWER, OutboxMessage
from telemetry.metrics import OUTBOX

logger = logging.getLogger(__name__)

ANSWER_DEADLINE = dt.timedelta(minutes=30)


def wall_clock() -> dt.datetime:
    """Real time: retries and deadlines are about Telegram being away, never a test's clock."""
    return dt.datetime.now(dt.UTC)


def next_try(attempts: int) -> dt.timedelta:
    """How long to wait after `attempts` failed tries: 2, 4, 8 ... up to 60 seconds."""
    return dt.timedelta(seconds=min(60, 2 ** (attempts + 1)))


async def send_answer(
    database: Database,
    bot: ExtBot[Any],
    person_id: int,
    chat_id: int,
    texts: list[str],
    *,
    by: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Queue an answer's messages in the outbox and send them now; failures are retried.
    `markup`, the buttons, goes under the last message."""
    now = wall_clock()
    markups = [None] * (len(texts) - 1) + [None if markup is None else to_json(markup)]
    async with database.unit_of_work() as uow:
        queued = [
            await uow.outbox.add(
                person_id,
                chat_id,
                ANSWER,
                text,
                now,
                deadline=now + ANSWER_DEADLINE,
                by=by,
                reply_markup=keyboard,
            )
            for text, keyboard in zip(texts, markups, strict=True)
        ]
    for message in queued:
        await _send(database, bot, message, html=True)


async def send_due_answers(database: Database, bot: ExtBot[Any], by: str) -> int:
    """Try again every answer that is due; how many went out."""
    now = wall_clock()
    async with database.unit_of_work() as uow:
        due = await uow.outbox.claim_due(by, now)
    sent = 0
    for message in due:
        sent += await _send(database, bot, message, html=True)
    return sent


async def send_notes(database: Database, bot: ExtBot[Any], chat_id: int, by: str) -> int:
    """Send the notes waiting for this chat (before the answer to its new message)."""
    async with database.unit_of_work() as uow:
        notes = await uow.outbox.claim_notes(chat_id, by)
    sent = 0
    for note in notes:
        sent += await _send(database, bot, note, html=False)
    return sent


def to_json(markup: InlineKeyboardMarkup) -> str:
    """The buttons as the Bot API's JSON, to keep in the outbox."""
    return json.dumps(markup.to_dict(), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str, bot: ExtBot[Any]) -> InlineKeyboardMarkup:
    """The buttons kept in the outbox, as they were."""
    return InlineKeyboardMarkup.de_json(json.loads(text), bot)


async def _later(database: Database, message: OutboxMessage) -> None:
    """Try again later, or give up once past the deadline."""
    now = wall_clock()
    async with database.unit_of_work() as uow:
        if now >= message.deadline:
            await uow.outbox.give_up(message.id, now)
            OUTBOX.labels(outcome="gave_up").inc()
        else:
            await uow.outbox.retry_at(message.id, now + next_try(message.attempts))
            OUTBOX.labels(outcome="retry").inc()


async def _send(database: Database, bot: ExtBot[Any], message: OutboxMessage, *, html: bool) -> int:
    options: dict[str, Any] = {"parse_mode": ParseMode.HTML} if html else {}
    if message.reply_markup is not None:
        try:
            options["reply_markup"] = from_json(message.reply_markup, bot)
        except (ValueError, TypeError, KeyError) as error:  # never written so: the words alone
            logger.error("outbox message %s: unreadable buttons (%s)", message.id, error)
    try:
        await bot.send_message(message.chat_id, message.text, rate_limit_args=OUTBOXED, **options)
    except (Forbidden, BadRequest) as error:  # never deliverable: trying again cannot help
        logger.warning("outbox message %s: %s", message.id, type(error).__name__)
        async with database.unit_of_work() as uow:
            await uow.outbox.give_up(message.id, wall_clock())
        OUTBOX.labels(outcome="gave_up").inc()
        return 0
    except NetworkError as error:
        if not certainly_not_applied(error):  # maybe delivered: trying again could repeat it
            logger.warning("outbox message %s: %s", message.id, type(error).__name__)
            async with database.unit_of_work() as uow:
                await uow.outbox.mark_sent(message.id, wall_clock())
            OUTBOX.labels(outcome="uncertain").inc()
            return 0
        await _later(database, message)
        logger.warning("outbox message %s not sent yet: %s", message.id, type(error).__name__)
        return 0
    except TelegramError as error:  # flood control beyond the limiter's patience, and the like
        await _later(database, message)
        logger.warning("outbox message %s not sent yet: %s", message.id, type(error).__name__)
        return 0
    async with database.unit_of_work() as uow:
        await uow.outbox.mark_sent(message.id, wall_clock())
    OUTBOX.labels(outcome="sent").inc()
    return 1
