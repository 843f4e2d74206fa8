"""/help, /cancel, and the polite answers to everything we do not handle."""

from __future__ import annotations

import logging

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import current_person, edit_or_send, reply, texts_of
from handlers.common.router import on_edited_text

logger = logging.getLogger(__name__)


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what the bot is for and its commands."""
    await reply(update, texts_of(update).get("common.help"))


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel: leave any flow."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None:
        await reply(update, texts.get("common.nothing_to_cancel"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.load(person.id)
        if flow is not None:
            await uow.flows.clear(person.id, flow.flow_id)
    if flow is None:
        await reply(update, texts.get("common.nothing_to_cancel"))
        return
    if flow.message_id is not None:
        await edit_or_send(context, person.chat_id, flow.message_id, texts.get("common.cancelled"))
    else:
        await reply(update, texts.get("common.cancelled"))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Any command we do not have."""
    await reply(update, texts_of(update).get("common.unknown_command"))


async def non_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes, files: we only read words and buttons."""
    await reply(update, texts_of(update).get("common.non_text"))


async def edited_message(update: Update, context: BotContext) -> None:
    """An edit of an earlier message: ask for a new one rather than guess what changed (a
    crisis or warning sign in it is still answered at once, by the router's safety step)."""
    if await on_edited_text(update, context):
        return
    await reply(update, texts_of(update).get("common.edited"))


async def group_message(update: Update, context: BotContext) -> None:
    """In a group: say once that we work in private chats, store nothing."""
    chat = update.effective_chat
    if chat is None or chat.id in context.bot_data.groups_told:
        return
    context.bot_data.groups_told.add(chat.id)
    await reply(update, texts_of(update).get("common.group_only_private"))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose data we cannot read (forged, or from an older version of the bot)."""
    query = update.callback_query
    if query is not None:
        await query.answer(texts_of(update).get("common.flow_closed"))
