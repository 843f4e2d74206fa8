"""Safety before everything else (bot-v2 item 1): the router hands every typed message here
first, whatever the person is doing, and carries on only when nothing here answered it.

A crisis is answered in every state. A flow that can take warning signs itself (a
questionnaire, or free text from a person who consented) gets them with their own words; every
other state (no consent yet, declined, setup, the water amount) gets them answered here, at
once, without disturbing the flow.
"""

from __future__ import annotations

import datetime as dt

from telegram import Update

from engine import ParseResult
from engine.safety_step import SafetyStep, Step
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import current_person, texts_of
from handlers.safety import crisis, screen
from handlers.safety.answering import (
    answer_day,
    answer_flags,
    assess_unstored,
    day_from,
    questions_next,
)
from storage.records import FlowState, Person

QUESTIONNAIRES = ("checkin", "assess")


def reads_warning_signs(person: Person | None, flow: FlowState | None) -> bool:
    """Whether what the person is doing takes warning signs itself: a questionnaire, or free
    text from a person who consented (the free-text reader answers, asks and screens)."""
    return person is not None and (flow is None or flow.kind in QUESTIONNAIRES)


async def read_first(
    update: Update,
    context: BotContext,
    person: Person | None,
    found: ParseResult,
    step: SafetyStep,
    *,
    flow_reads_it: bool,
) -> bool:
    """Answer what the message needs for safety; True when nothing else should read it.
    `flow_reads_it`: the open flow (or the free-text reader) takes warning signs itself."""
    chat = update.effective_chat
    if chat is None:
        return True
    texts = texts_of(update, person)
    if step.crisis:
        if step.emergency_first:
            await answer_flags(context, chat.id, person, step.red_flags, texts)
        await crisis.send_crisis(context, chat.id, person, texts)
        if step.red_flags and not step.emergency_first:
            await answer_flags(context, chat.id, person, step.red_flags, texts)
        return True
    if step.check_crisis and not step.red_flags:
        await crisis.ask_check(context, chat.id, texts)
        if not (step.ask or step.screen or found.water is not None):
            return True  # the gentle question is the whole answer
    # A red flag with a possible crisis phrase is answered here, so the emergency answer
    # comes before the gentle question (emergency first).
    if flow_reads_it and not (step.check_crisis and step.red_flags):
        return False
    # No flow of its own can take these here: answer what the words say at once, ask what is
    # possible, and screen health talk that needs no answer by itself.
    pending = tuple(f for f in step.ask if f not in step.red_flags)
    day = day_from(found, dt.date.min)
    if step.red_flags or (
        step.screen == "questionnaire" and assess_unstored(day).triage.level != "self_care"
    ):
        answer = await answer_day(context, chat.id, person, day, texts)
        pending = tuple(dict.fromkeys((*pending, *questions_next(answer, step.red_flags))))
        if step.check_crisis:
            await crisis.ask_check(context, chat.id, texts)
    elif step.step is Step.SCREEN:
        await screen.send_screen(context, chat.id, person, texts)
    if pending:
        await screen.ask_possible(context, chat.id, pending, texts)
    return step.step is not Step.NOTHING


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """A press on any safety button: the crisis message, a question, or the screen."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if callback.token in (screen.SCREEN, screen.QUESTION):
        await screen.on_button(update, context, callback, person, texts)
    else:
        await crisis.on_button(update, context, callback, person, texts)
