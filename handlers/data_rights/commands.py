"""People's data rights: /export, /delete (after a confirmation) and /privacy."""

from __future__ import annotations

import html
import io
import json

from telegram import InputFile, Update

from handlers.common import keyboards
from handlers.common.callbacks import Callback, Prefix
from handlers.common.context import BotContext
from handlers.common.conversation import current_person, edit_pressed_message, reply, texts_of
from i18n import Texts

CONFIRM_TOKEN = "0"  # a stale confirmation is harmless: erasing twice erases nothing


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what is kept, why, for how long, and how to export or delete it."""
    await reply(update, texts_of(update).get("data.privacy"))


async def export_command(update: Update, context: BotContext) -> None:
    """/export: everything stored about the person, as JSON and the days as CSV."""
    user, chat = update.effective_user, update.effective_chat
    texts = texts_of(update)
    if user is None or chat is None:
        return
    async with context.bot_data.database.unit_of_work() as uow:
        export = await uow.privacy.export_user(user.id)
    if export is None:
        await reply(update, texts.get("data.export_nothing"))
        return
    body = json.dumps(export.data, ensure_ascii=False, indent=2, default=str).encode()
    await chat.send_document(
        InputFile(io.BytesIO(body), "my-data.json"), caption=texts.get("data.export_caption_json")
    )
    await chat.send_document(
        InputFile(io.BytesIO(export.days_csv.encode()), "my-days.csv"),
        caption=texts.get("data.export_caption_csv"),
    )


async def delete_command(update: Update, context: BotContext) -> None:
    """/delete: ask first."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None:
        await reply(update, texts.get("data.delete_nothing"))
        return
    markup = keyboards.choices(
        [
            (texts.get("data.button_delete"), "yes", None),
            (texts.get("data.button_keep"), "no", None),
        ],
        Prefix.DELETE,
        CONFIRM_TOKEN,
        per_row=1,
    )
    await reply(update, texts.get("data.delete_ask"), markup)


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The answer to "Erase everything?"."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    texts = texts_of(update)
    if user is None or callback.action not in ("yes", "no"):
        await query.answer(texts.get("common.flow_closed"))
        return
    if callback.action == "no":
        await query.answer()
        await edit_pressed_message(update, texts.get("data.delete_kept"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        counts = await uow.privacy.erase_user(user.id)
    await context.bot_data.database.flush_erased()
    if not counts:
        # A second tap (or an old confirmation): the message already tells what was erased.
        await query.answer(texts.get("data.delete_nothing"))
        return
    await query.answer()
    await edit_pressed_message(update, erased(counts, texts), parse_mode="HTML")


def erased(counts: dict[str, int], texts: Texts) -> str:
    """Confirm the erasure with what was removed, a line per kind of record."""
    parts = [
        f"{html.escape(_table_name(table, texts))}: {n}" for table, n in sorted(counts.items()) if n
    ]
    listing = "\n".join(parts) if parts else texts.get("data.deleted_no_rows")
    return texts.get("data.deleted", listing=listing)


def _table_name(table: str, texts: Texts) -> str:
    key = f"data.table.{table}"
    return texts.lookup(key) if texts.has(key) else table.replace("_", " ")
