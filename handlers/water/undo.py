"""Undoing water: /undo removes today's last water entry, and the Undo button under a
confirmation removes the entry that confirmation is about. Only water is ever undone here.

A button press can be stale or forged: the entry must be the person's own, from today, and
still there; the delete decides, so pressing the same Undo twice removes it once.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import BadRequest

from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import (
    edit_pressed_message,
    local_today,
    person_or_start,
    reply,
    texts_of,
)
from handlers.prompts.render import date_token
from handlers.water.replies import undone
from storage.records import Person


async def undo_command(update: Update, context: BotContext) -> None:
    """/undo: remove the last water entry logged today and say the new total."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        change = await uow.days.undo_water(person.id, local_today(person, now), now)
    if change is None:
        await reply(update, texts.get("prompts.water_nothing_to_undo"))
    else:
        await reply(update, undone(change, person.water_goal_ml, texts))


async def on_undo_button(
    update: Update, context: BotContext, person: Person, callback: Callback
) -> None:
    """Undo under a water confirmation: remove that entry, if it is today's and still there."""
    query = update.callback_query
    assert query is not None
    texts = texts_of(update, person)
    now = context.bot_data.clock()
    today = local_today(person, now)
    if callback.value is None or not callback.value.isdigit():
        await query.answer(texts.get("common.not_understood_button"))
        return
    if callback.token != date_token(today):
        await query.answer(texts.get("prompts.water_undo_stale"), show_alert=True)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        change = await uow.days.undo_water(person.id, today, now, int(callback.value))
    if change is None:
        await query.answer(texts.get("prompts.water_already_undone"), show_alert=True)
        with contextlib.suppress(BadRequest):  # the button is no use any more
            await query.edit_message_reply_markup(reply_markup=None)
        return
    await query.answer()
    await edit_pressed_message(update, undone(change, person.water_goal_ml, texts))
