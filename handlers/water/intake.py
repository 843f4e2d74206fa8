"""Logging water: /water [amount], the hydration prompt's buttons, and typed amounts."""

from __future__ import annotations

import datetime as dt
import re

from telegram import Update

from engine import parse_text
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import (
    edit_pressed_message,
    local_today,
    person_or_closed,
    person_or_start,
    reply,
    texts_of,
)
from handlers.prompts.render import date_token, water_keyboard
from i18n import Texts, texts_for
from storage.records import MAX_WATER_AT_ONCE_ML, FlowState, Person
from storage.unit_of_work import UnitOfWork

MAX_AT_ONCE_ML = MAX_WATER_AT_ONCE_ML
WATER_FLOW = "water_amount"
_BARE_NUMBER = re.compile(
    r"^\s*(\d{1,6})\s*(ml)?\s*$", re.IGNORECASE
)  # after /water, a number is ml


def amount_in(text: str) -> int | None:
    """Millilitres in "300", "0.5 l", "2 glasses", "drank 1.5 litres" where water was asked
    for (/water, "Other amount"); None if there are none. Sizes are checked when logging."""
    found = parse_text(text).water_ml
    if found is not None:
        return found
    match = _BARE_NUMBER.match(text)
    return int(match[1]) if match else None


async def water_command(update: Update, context: BotContext) -> None:
    """/water 300 logs at once; /water alone shows the logging buttons."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    text = " ".join(context.args or [])
    if not text.strip():
        today = local_today(person, context.bot_data.clock())
        await reply(update, texts.get("prompts.water_ask"), water_keyboard(today, texts))
        return
    amount = amount_in(text)
    if amount is None:
        await reply(update, texts.get("prompts.ask_water_amount"))
        return
    await log_and_confirm(update, context, person, amount, source="command")


async def log_and_confirm(
    update: Update, context: BotContext, person: Person, amount: int, *, source: str
) -> None:
    """Log an amount (if plausible) and say today's total."""
    texts = texts_for(person.language)
    problem = amount_problem(amount, texts)
    if problem is not None:
        await reply(update, problem)
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        total = await record_water(uow, person, amount, now, source=source)
    await reply(update, water_logged(amount, total, person.water_goal_ml, texts))


def amount_problem(amount: int, texts: Texts) -> str | None:
    """What to say instead of logging an implausible amount; None when it can be logged."""
    if amount <= 0:  # "0 ml" is no drink, not too much of one: ask again
        return texts.get("prompts.ask_water_amount")
    if amount > MAX_AT_ONCE_ML:
        return texts.get("prompts.water_too_much")
    return None


async def record_water(
    uow: UnitOfWork, person: Person, amount: int, now: dt.datetime, *, source: str
) -> int:
    """Add a drink to the person's local day in the caller's unit of work; today's total."""
    return await uow.days.record_water(
        person.id, local_today(person, now), amount, now, source=source
    )


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """+250 / +500 / Other amount / Skip on a water prompt."""
    query = update.callback_query
    assert query is not None
    person = await person_or_closed(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    now = context.bot_data.clock()
    today = local_today(person, now)
    if callback.token != date_token(today):
        await query.answer(texts.get("prompts.water_stale"), show_alert=True)
        return
    if callback.action == "add" and callback.value in ("250", "500"):
        amount = int(callback.value)
        async with context.bot_data.database.unit_of_work() as uow:
            total = await uow.days.record_water(person.id, today, amount, now, source="button")
        await query.answer(texts.get("prompts.button_add_ml", ml=amount))
        await edit_pressed_message(update, water_logged(amount, total, person.water_goal_ml, texts))
    elif callback.action == "other":
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.flows.start(person.id, WATER_FLOW, "amount", {}, now)
        await query.answer()
        await reply(update, texts.get("prompts.ask_water_amount"))
    elif callback.action == "skip":
        await query.answer()
        await edit_pressed_message(update, texts.get("prompts.water_skipped"))
    else:
        await query.answer(texts.get("common.not_understood_button"))


async def on_amount_text(
    update: Update, context: BotContext, person: Person, flow: FlowState
) -> None:
    """The typed answer after "Other amount"."""
    assert update.effective_message is not None
    amount = amount_in(update.effective_message.text or "")
    texts = texts_for(person.language)
    if amount is None:
        await reply(update, texts.get("prompts.ask_water_amount"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.flows.clear(person.id, flow.flow_id)
    await log_and_confirm(update, context, person, amount, source="button")


__all__ = ["amount_in", "log_and_confirm", "on_amount_text", "on_button", "water_command"]


def water_logged(added_ml: int, total_ml: int, goal_ml: int, texts: Texts) -> str:
    """Confirm a logged drink, with today's total and a word when the goal is reached."""
    text = texts.get("prompts.water_logged", added_ml=added_ml, total_ml=total_ml, goal_ml=goal_ml)
    if total_ml >= goal_ml:
        text += " " + texts.get("prompts.water_goal_reached")
    return text
