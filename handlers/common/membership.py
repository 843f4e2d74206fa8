"""The bot's own membership: blocked by a person, or added to a group."""

from __future__ import annotations

from telegram import ChatMember, Update

from handlers.common.context import BotContext
from handlers.common.fallbacks import group_message


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """A person blocked or unblocked the bot, or it was added to a group."""
    change = update.my_chat_member
    if change is None:
        return
    chat, status = change.chat, change.new_chat_member.status
    if chat.type != "private":
        if status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR):
            await group_message(update, context)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        person = await uow.people.get(change.from_user.id)
        if person is None:
            return
        if status in (ChatMember.BANNED, ChatMember.LEFT):
            await uow.people.mark_blocked(person.id, context.bot_data.clock())
        else:
            await uow.people.mark_active(person.id, chat_id=chat.id)
