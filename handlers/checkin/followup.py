"""The safety-net follow-up after an urgent or emergency answer: how are you now?"""

from __future__ import annotations

from telegram import Update

from handlers.checkin.flow import start_questionnaire
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import current_person, edit_pressed_message, texts_of

OUTCOMES = ("help", "better", "same", "worse")


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Record the answer; "worse" is assessed again at once."""
    query = update.callback_query
    assert query is not None
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None or callback.action not in OUTCOMES or not callback.token.isdigit():
        await query.answer(texts.get("common.flow_closed"))
        return
    followup_id = int(callback.token)
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        recorded = await uow.followups.record_answer(person.id, followup_id, callback.action, now)
    if not recorded:
        await query.answer(texts.get("common.flow_closed"))
        return
    reply_text = {
        "help": texts.get("prompts.followup_thanks_help"),
        "better": texts.get("prompts.followup_better"),
        "same": texts.get("prompts.followup_same"),
        "worse": texts.get("prompts.followup_worse"),
    }[callback.action]
    await query.answer()
    await edit_pressed_message(update, reply_text)
    if callback.action == "worse":
        await start_questionnaire(context, person, "assess")
