"""Free text outside any flow: the engine's parser reads it.

Amounts are logged; symptoms open a questionnaire pre-filled with what was found (its screen
step asks the red flags); a definite red flag is assessed and answered at once, and a possible
one is confirmed with a yes/no question before anything else. Health talk the parser could not
place gets the red-flag screen as its first question; only text with no health content gets
"here is what I can do", with the screen one tap away (never a shrug, bot-v2 item 2).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from telegram import Update

from engine import Answer, ParseResult, parse_text
from engine.safety_step import SafetyStep, safety_step
from handlers.checkin import questionnaire as q
from handlers.checkin.assessing import assess_day, questions_to_ask, send_answer
from handlers.checkin.flow import answers_day, open_questionnaire, show_step
from handlers.common.context import BotContext
from handlers.common.conversation import local_today, reply
from handlers.safety.screen import screen_button, send_screen
from handlers.water.intake import Logged, amount_problem, confirmation, log_reading
from i18n import texts_for
from storage.errors import database_error_kind
from storage.records import FlowState, Person
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


async def on_free_text(
    update: Update,
    context: BotContext,
    person: Person,
    *,
    found: ParseResult | None = None,
    step: SafetyStep | None = None,
) -> None:
    """Read a message typed outside any flow (the router passes what it read already).
    Everything it records (a drink, an assessment, a questionnaire) goes in one unit of work;
    the replies follow; the raw text, if kept, last."""
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    found = found if found is not None else parse_text(text)
    step = step if step is not None else safety_step(found)
    texts = texts_for(person.language)
    # Words that may speak of a crisis are never kept, whatever the operator set (bot-v2 item 3).
    keep_words = context.bot_data.store_raw_text and not (step.crisis or step.check_crisis)
    if not found.symptoms_found and found.water_ml is None and not keep_words:
        await _nothing_to_log(context, person, step, update)
        return
    now = context.bot_data.clock()
    reading = found.water  # a bare number counts only as the parser reads it
    problem = amount_problem(reading, texts) if reading is not None else None
    logged: Logged | None = None
    answer: Answer | None = None
    opened: tuple[FlowState, q.Result] | None = None
    async with context.bot_data.database.unit_of_work() as uow:
        if reading is not None and problem is None:
            logged = await log_reading(uow, person, reading, now, source="text")
        if found.red_flags:
            answer, opened = await _assess_now(uow, person, found, now)
        elif found.symptoms_found:
            symptoms = replace(found, water_ml=None, water=None)
            opened = await open_questionnaire(uow, person, "assess", now, found=symptoms)
    if problem is not None:
        await reply(update, problem)
    elif logged is not None:
        await reply(update, *confirmation(logged, person.water_goal_ml, texts))
    if not found.symptoms_found and (reading is None or step.screen == "first"):
        await _nothing_to_log(context, person, step, update)
    if answer is not None:
        await send_answer(context, person, answer)
    if opened is not None:
        await show_step(context, person, *opened)
    if keep_words:
        await _keep_raw_text(context, person, text, now)


async def _keep_raw_text(context: BotContext, person: Person, text: str, now: dt.datetime) -> None:
    """Keep the words (STORE_RAW_TEXT) after the answer, in a unit of work of their own: an
    extra the operator opted into never stands between a person and their answer."""
    try:
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.raw_texts.keep(person.id, text, now, "free_text")
    except Exception as error:
        kind = database_error_kind(error) or type(error).__name__
        logger.warning(
            "could not keep a raw text: %s", kind, extra={"error_kind": kind}, exc_info=error
        )


async def _nothing_to_log(
    context: BotContext, person: Person, step: SafetyStep, update: Update
) -> None:
    """Never a shrug: health talk the parser could not place gets the red-flag screen; only
    words with no health content get "here is what I can do", with the screen one tap away."""
    texts = texts_for(person.language)
    if step.screen == "first":
        await send_screen(context, person.chat_id, person, texts)
    else:
        await reply(update, texts.get("common.free_text_nothing"), screen_button(texts))


async def _assess_now(
    uow: UnitOfWork, person: Person, found: ParseResult, now: dt.datetime
) -> tuple[Answer, tuple[FlowState, q.Result] | None]:
    """A definite red flag: assess what we know at once, and open a questionnaire confirming
    the possible flags still open and asking what the answer asks next (engine v2)."""
    state = q.prefilled(found, "assess", water_logged=True).state
    answer = await assess_day(uow, person, answers_day(state, local_today(person, now)), now)
    flags = tuple(dict.fromkeys((*state.pending, *questions_to_ask(answer))))
    if not flags:
        return answer, None
    confirm_only = ParseResult(possible_red_flags=flags)
    opened = await open_questionnaire(
        uow, person, "assess", now, found=confirm_only, confirm_only=True
    )
    return answer, opened
