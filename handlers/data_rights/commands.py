"""People's data rights: /export, /delete (after a confirmation) and /privacy."""

from __future__ import annotations

import io
import json

from telegram import InputFile, Update

from handlers.common import keyboards
from handlers.common.callbacks import Callback, Prefix
from handlers.common.context import BotContext
from handlers.common.conversation import current_person, edit_pressed_message, reply, texts_of

CONFIRM_TOKEN = "0"  # a stale confirmation is harmless: erasing twice erases nothing


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what is kept, why, for how long, and how to export or delete it."""
    await reply(update, texts_of(update).data.PRIVACY)


async def export_command(update: Update, context: BotContext) -> None:
    """/export: everything stored about the person, as JSON and the days as CSV."""
    user, chat = update.effective_user, update.effective_chat
    texts = texts_of(update)
    if user is None or chat is None:
        return
    async with context.bot_data.database.unit_of_work() as uow:
        export = await uow.privacy.export_user(user.id)
    if export is None:
        await reply(update, texts.data.EXPORT_NOTHING)
        return
    body = json.dumps(export.data, ensure_ascii=False, indent=2, default=str).encode()
    await chat.send_document(
        InputFile(io.BytesIO(body), "my-data.json"), caption=texts.data.EXPORT_CAPTION_JSON
    )
    await chat.send_document(
        InputFile(io.BytesIO(export.days_csv.encode()), "my-days.csv"),
        caption=texts.data.EXPORT_CAPTION_CSV,
    )


async def delete_command(update: Update, context: BotContext) -> None:
    """/delete: ask first."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None:
        await reply(update, texts.data.DELETE_NOTHING)
        return
    markup = keyboards.choices(
        [(texts.data.BUTTON_DELETE, "yes", None), (texts.data.BUTTON_KEEP, "no", None)],
        Prefix.DELETE,
        CONFIRM_TOKEN,
        per_row=1,
    )
    await reply(update, texts.data.DELETE_ASK, markup)


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The answer to "Erase everything?"."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    texts = texts_of(update)
    if user is None or callback.action not in ("yes", "no"):
        await query.answer(texts.common.FLOW_CLOSED)
        return
    if callback.action == "no":
        await query.answer()
        await edit_pressed_message(update, texts.data.DELETE_KEPT)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        counts = await uow.privacy.erase_user(user.id)
    await context.bot_data.database.flush_erased()
    if not counts:
        # A second tap (or an old confirmation): the message already tells what was erased.
        await query.answer(texts.data.DELETE_NOTHING)
        return
    await query.answer()
    await edit_pressed_message(update, texts.data.deleted(counts), parse_mode="HTML")
