"""The one error handler: log first (no health data, no text), then tell the person.

The line names the error's kind and, for a database failure, what kind of failure it was
(disk_full, locked, connection_refused, ...); Bot API failures were already logged with their
method and Telegram's description where the call was made (delivery/bot_api_request.py).
The traceback is shown at LOG_LEVEL=DEBUG only; repeats are summarised (service/logs.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from handlers.common.context import BotContext
from i18n import texts_for
from storage.errors import database_error_kind
from storage.handling import current_handling, is_transient
from telemetry.metrics import DATABASE_ERRORS

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update, and apologise where we can."""
    error = context.error
    kind = type(error).__name__
    database = database_error_kind(error) if error is not None else None
    if database is not None:
        DATABASE_ERRORS.labels(kind=database).inc()
        kind = f"{kind} (database: {database})"
    handling = current_handling()
    if handling is not None and error is not None:
        handling.error = error  # the inbox decides: done, try again later, or keep a note
    if isinstance(update, Update):
        chat = update.effective_chat
        user = update.effective_user
        if isinstance(error, Forbidden) and user is not None:
            # The person blocked the bot (or never started it): routine, not a failure.
            logger.info("update %s: the person blocked the bot", update.update_id)
            await _mark_blocked(context, user.id)
            return
        if isinstance(error, BadRequest) and "query is too old" in str(error):
            # The press waited too long for us: the person saw a spinner, not an error.
            logger.warning("update %s: answered a press too late", update.update_id)
            return
        logger.error(
            "update %s failed: %s",
            update.update_id,
            kind,
            exc_info=error,
            extra={
                "update_id": update.update_id,
                "error": type(error).__name__,
                "database_error": database,
                "repeat_key": ("update failed", kind),
            },
        )
        if (
            chat is not None
            and chat.type == "private"
            and not isinstance(error, RetryAfter | TimedOut | NetworkError)
            # The database was away: the inbox handles the update again once it is back.
            and not (handling is not None and error is not None and is_transient(error))
        ):
            language = user.language_code if user else None
            texts = texts_for(language)
            # "Please try again" after the data was stored would store it twice.
            saved = handling is not None and handling.writes > 0
            try:
                await context.bot.send_message(
                    chat.id,
                    texts.get("common.saved_but_something_went_wrong")
                    if saved
                    else texts.get("common.something_went_wrong"),
                )
            except Exception:
                logger.warning("could not send the apology for update %s", update.update_id)
        return
    logger.error(
        "error outside an update: %s",
        kind,
        exc_info=error,
        extra={"error": type(error).__name__, "database_error": database},
    )


async def _mark_blocked(context: BotContext, telegram_user_id: int) -> None:
    async with context.bot_data.database.unit_of_work() as uow:
        person = await uow.people.get(telegram_user_id)
        if person is not None:
            await uow.people.mark_blocked(person.id, context.bot_data.clock())
