"""Free text outside any flow: the engine's parser reads it.

Amounts are logged; symptoms open a questionnaire pre-filled with what was found; a definite
red flag is assessed and answered at once, and a possible one is confirmed with a yes/no
question before anything else.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Update

from engine import ParseResult, parse_text
from handlers import questionnaire as q
from handlers.assessing import assess_day, send_answer
from handlers.checkin import answers_day, start_questionnaire
from handlers.common import local_today, reply
from handlers.context import BotContext
from handlers.texts import texts_for
from handlers.water import log_and_confirm
from storage.errors import database_error_kind
from storage.records import Person

logger = logging.getLogger(__name__)


async def on_free_text(update: Update, context: BotContext, person: Person) -> None:
    """Read a message typed outside any flow."""
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    found = parse_text(text)
    try:
        await _answer(update, context, person, found)
    finally:
        # Only after the answer, and never in its way: the words are an extra an operator
        # opted into (STORE_RAW_TEXT), the answer is what the person needs.
        if context.bot_data.store_raw_text:
            await _keep_raw_text(context, person, text)


async def _answer(update: Update, context: BotContext, person: Person, found: ParseResult) -> None:
    if not found.symptoms_found:
        amount = found.water_ml  # a bare number counts only as the parser reads it
        if amount is not None:
            await log_and_confirm(update, context, person, amount, source="text")
        else:
            await reply(update, texts_for(person.language).common.FREE_TEXT_NOTHING)
        return
    if found.water_ml is not None:
        await log_and_confirm(update, context, person, found.water_ml, source="text")
    if found.red_flags:
        await _answer_now(context, person, found)
        return
    await start_questionnaire(context, person, "assess", found=replace(found, water_ml=None))


async def _keep_raw_text(context: BotContext, person: Person, text: str) -> None:
    now = context.bot_data.clock()
    try:
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.raw_texts.keep(person.id, text, now, "free_text")
    except Exception as error:
        kind = database_error_kind(error) or type(error).__name__
        logger.warning(
            "could not keep a raw text: %s", kind, extra={"error_kind": kind}, exc_info=error
        )


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
