"""Small pieces every handler needs: who is talking, their local time and texts, replying."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from handlers.common.context import BotContext
from i18n import Texts, texts_for
from storage.records import FlowState, Person


def local_now(person: Person, now: dt.datetime) -> dt.datetime:
    """The person's wall-clock time (UTC until they set a zone)."""
    return now.astimezone(ZoneInfo(person.timezone) if person.timezone else dt.UTC)


def local_today(person: Person, now: dt.datetime) -> dt.date:
    """The person's local date."""
    return local_now(person, now).date()


def texts_of(update: Update, person: Person | None = None) -> Texts:
    """The texts in the person's language (stored, else what Telegram says)."""
    if person is not None:
        return texts_for(person.language)
    user = update.effective_user
    return texts_for(user.language_code if user else None)


async def current_person(update: Update, context: BotContext) -> Person | None:
    """The stored person behind this update, or None before consent."""
    user = update.effective_user
    if user is None:
        return None
    async with context.bot_data.database.unit_of_work() as uow:
        return await uow.people.get(user.id)


async def person_or_start(update: Update, context: BotContext) -> Person | None:
    """The stored person, or None after telling them to /start first."""
    person = await current_person(update, context)
    if person is None:
        await reply(update, texts_of(update).get("common.needs_start"))
    return person


async def person_or_closed(update: Update, context: BotContext) -> Person | None:
    """For a button press: the stored person, or None after answering "this one is closed"."""
    person = await current_person(update, context)
    if person is None and update.callback_query is not None:
        await update.callback_query.answer(texts_of(update).get("common.flow_closed"))
    return person


async def reply(
    update: Update,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    **kwargs: object,
) -> Message | None:
    """Send an HTML message to the update's chat."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        **kwargs,  # type: ignore[arg-type]
    )


async def edit_or_send(
    context: BotContext,
    chat_id: int,
    message_id: int | None,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    new_message: bool = False,
) -> int:
    """Edit a flow's message in place (or send a new one when asked, or when it cannot be
    edited, taking the buttons off the old one); the id of the message now showing the flow."""

    if message_id is not None and not new_message:
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
            return message_id
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return message_id
    if message_id is not None:
        await retire_keyboard(context, chat_id, message_id)
    sent = await context.bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    return sent.message_id


async def show_flow_step(
    context: BotContext,
    person: Person,
    flow: FlowState,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    *,
    new_message: bool = False,
) -> None:
    """Show a flow's current step and remember which message shows it, so the next press
    edits that message (after a restart, or on another instance)."""
    message_id = await edit_or_send(
        context, person.chat_id, flow.message_id, text, keyboard, new_message=new_message
    )
    if message_id != flow.message_id:
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.flows.save(
                person.id,
                flow.flow_id,
                flow.version,
                step=flow.step,
                answers=flow.answers,
                now=context.bot_data.clock(),
                message_id=message_id,
            )


async def edit_pressed_message(update: Update, text: str, **kwargs: object) -> None:
    """Replace the text of the message whose button was pressed. A second tap that would
    change nothing ("message is not modified") is quiet: the message already says it; so is a
    message gone or too old to edit (the press itself was handled)."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(text, **kwargs)  # type: ignore[arg-type]
    except BadRequest as error:
        if not any(quiet in str(error).lower() for quiet in _QUIET_EDIT_ERRORS):
            raise


_QUIET_EDIT_ERRORS = ("not modified", "message to edit not found", "message can't be edited")


async def retire_keyboard(context: BotContext, chat_id: int, message_id: int) -> None:
    """Take the buttons off an older flow message once the flow moved to a new one."""

    # Already without buttons, or too old to edit: then there is nothing to tidy.
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
