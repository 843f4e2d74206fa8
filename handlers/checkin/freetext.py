"""Free text outside any flow: the engine's parser reads it.

Amounts are logged; symptoms open a questionnaire pre-filled with what was found (its screen
step asks the red flags); a definite red flag is assessed and answered at once, and a possible
one is confirmed with a yes/no question before anything else. Health talk the parser could not
place gets the red-flag screen as its first question; only text with no health content gets
"here is what I can do", with the screen one tap away (never a shrug, bot-v2 item 2).
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from engine import ParseResult, parse_text
from engine.safety_step import SafetyStep, safety_step
from handlers.checkin import questionnaire as q
from handlers.checkin.assessing import assess_day, send_answer
from handlers.checkin.flow import answers_day, start_questionnaire
from handlers.common.context import BotContext
from handlers.common.conversation import local_today, reply
from handlers.safety.screen import screen_button, send_screen
from handlers.texts import texts_for
from handlers.water.intake import log_and_confirm
from storage.records import Person


async def on_free_text(
    update: Update,
    context: BotContext,
    person: Person,
    *,
    found: ParseResult | None = None,
    step: SafetyStep | None = None,
) -> None:
    """Read a message typed outside any flow (the router passes what it read already)."""
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    found = found if found is not None else parse_text(text)
    step = step if step is not None else safety_step(found)
    now = context.bot_data.clock()
    if context.bot_data.store_raw_text:
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.raw_texts.keep(person.id, text, now, "free_text")
    if not found.symptoms_found:
        amount = found.water_ml  # a bare number counts only as the parser reads it
        if amount is not None:
            await log_and_confirm(update, context, person, amount, source="text")
        if step.screen == "first":  # health talk the parser could not place
            await send_screen(context, person.chat_id, person, texts_for(person.language))
        elif amount is None:
            texts = texts_for(person.language)
            await reply(update, texts.common.FREE_TEXT_NOTHING, screen_button(texts))
        return
    if found.water_ml is not None:
        await log_and_confirm(update, context, person, found.water_ml, source="text")
    if found.red_flags:
        await _answer_now(context, person, found)
        return
    await start_questionnaire(context, person, "assess", found=replace(found, water_ml=None))


async def _answer_now(context: BotContext, person: Person, found: ParseResult) -> None:
    """A definite red flag: assess what we know and answer at once, then confirm the rest."""
    now = context.bot_data.clock()
    today = local_today(person, now)
    state = q.prefilled(found, "assess", water_logged=True).state
    async with context.bot_data.database.unit_of_work() as uow:
        answer = await assess_day(uow, person, answers_day(state, today), now)
    await send_answer(context, person, answer)
    if state.pending:
        confirm_only = ParseResult(possible_red_flags=tuple(state.pending))
        await start_questionnaire(context, person, "assess", found=confirm_only, confirm_only=True)
