"""The one error handler: log first (no health data, no text), then tell the person."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from handlers.common.context import BotContext
from i18n import texts_for
from storage.handling import current_handling, is_transient

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update, and apologise where we can."""
    error = context.error
    kind = type(error).__name__
    handling = current_handling()
    if handling is not None and error is not None:
        handling.error = error  # the inbox decides: done, try again later, or keep a note
    if isinstance(update, Update):
        chat = update.effective_chat
        user = update.effective_user
        logger.error(
            "update %s failed: %s",
            update.update_id,
            kind,
            exc_info=error,
            extra={"update_id": update.update_id, "error": kind},
        )
        if isinstance(error, Forbidden) and user is not None:
            await _mark_blocked(context, user.id)
            return
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
    logger.error("error outside an update: %s", kind, exc_info=error)


async def _mark_blocked(context: BotContext, telegram_user_id: int) -> None:
    async with context.bot_data.database.unit_of_work() as uow:
        person = await uow.people.get(telegram_user_id)
        if person is not None:
            await uow.people.mark_blocked(person.id, context.bot_data.clock())
