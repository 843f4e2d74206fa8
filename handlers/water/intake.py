"""Logging water: /water [amount], the hydration prompt's buttons, and typed amounts.

A drink adds to the day; a stated day's total ("I had 1.5 l today") raises the day to it and
never lowers it (bot-v2 item 9). Each confirmation carries an Undo button (handlers/water/undo.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update

from engine import parse_text
from engine.types import WaterReading
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
from handlers.water import undo
from handlers.water.replies import (
    UNDO,
    too_much_water,
    total_kept,
    total_raised,
    undo_keyboard,
    water_logged,
)
from i18n import Texts, texts_for
from storage.records import (
    MAX_WATER_AT_ONCE_ML,
    MAX_WATER_DAY_TOTAL_ML,
    FlowState,
    Person,
    WaterChange,
)
from storage.unit_of_work import UnitOfWork

MAX_AT_ONCE_ML = MAX_WATER_AT_ONCE_ML
WATER_FLOW = "water_amount"
_BARE_NUMBER = re.compile(
    r"^\s*(\d{1,6})\s*(ml)?\s*$", re.IGNORECASE
)  # after /water, a number is ml


@dataclass(frozen=True, slots=True)
class Logged:
    """Water logged for a person's local day: what was read, what it did, and whether the day
    is now over the too-much-water limits."""

    reading: WaterReading
    change: WaterChange
    too_much: bool
    date: dt.date


def reading_in(text: str) -> WaterReading | None:
    """The water in "300", "0.5 l", "2 glasses" (a drink, added) or "I had 1.5 l today" (the
    day's total) where water was asked for (/water, "Other amount"); None if there is none.
    Sizes are checked when logging."""
    found = parse_text(text).water
    if found is not None:
        return found
    match = _BARE_NUMBER.match(text)
    return WaterReading(int(match[1]), "drink") if match else None


def amount_in(text: str) -> int | None:
    """Millilitres in the text (see `reading_in`); None if there are none."""
    reading = reading_in(text)
    return None if reading is None else reading.ml


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
    reading = reading_in(text)
    if reading is None:
        await reply(update, texts.get("prompts.ask_water_amount"))
        return
    await log_and_confirm(update, context, person, reading, source="command")


async def log_and_confirm(
    update: Update, context: BotContext, person: Person, reading: WaterReading, *, source: str
) -> None:
    """Log an amount (if plausible) and say today's total, with an Undo button."""
    texts = texts_for(person.language)
    problem = amount_problem(reading, texts)
    if problem is not None:
        await reply(update, problem)
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        logged = await log_reading(uow, person, reading, now, source=source)
    await reply(update, *confirmation(logged, person.water_goal_ml, texts))


def amount_problem(reading: WaterReading, texts: Texts) -> str | None:
    """What to say instead of logging an implausible amount; None when it can be logged."""
    if reading.ml <= 0:  # "0 ml" is no drink, not too much of one: ask again
        return texts.get("prompts.ask_water_amount")
    limit = MAX_WATER_DAY_TOTAL_ML if reading.kind == "day_total" else MAX_AT_ONCE_ML
    if reading.ml > limit:
        return texts.get("prompts.water_too_much")
    return None


async def log_reading(
    uow: UnitOfWork, person: Person, reading: WaterReading, now: dt.datetime, *, source: str
) -> Logged:
    """Log water in the caller's unit of work: a drink adds; a stated day's total raises the
    day to it when it is more than what was logged, and never lowers it."""
    today = local_today(person, now)
    if reading.kind == "day_total":
        change = await uow.days.raise_water_total(person.id, today, reading.ml, now)
    else:
        change = await uow.days.add_drink(person.id, today, reading.ml, now, source=source)
    largest = await uow.days.largest_drink(person.id, today)
    return Logged(reading, change, too_much_water(change.total_ml, largest), today)


def confirmation(
    logged: Logged, goal_ml: int, texts: Texts
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What to answer once water is logged, and the Undo button of the entry it made."""
    change, too_much = logged.change, logged.too_much
    if logged.reading.kind == "drink":
        text = water_logged(change.ml, change.total_ml, goal_ml, texts, too_much=too_much)
    elif change.entry_id is None:
        text = total_kept(logged.reading.ml, change.total_ml, goal_ml, texts, too_much=too_much)
    else:
        text = total_raised(change, goal_ml, texts, too_much=too_much)
    return text, undo_keyboard(logged.date, change.entry_id, texts)


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """+250 / +500 / Other amount / Skip on a water prompt; Undo on a confirmation."""
    query = update.callback_query
    assert query is not None
    person = await person_or_closed(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    now = context.bot_data.clock()
    today = local_today(person, now)
    if callback.action == UNDO:
        await undo.on_undo_button(update, context, person, callback)
    elif callback.token != date_token(today):
        await query.answer(texts.get("prompts.water_stale"), show_alert=True)
    elif callback.action == "add" and callback.value in ("250", "500"):
        reading = WaterReading(int(callback.value), "drink")
        async with context.bot_data.database.unit_of_work() as uow:
            logged = await log_reading(uow, person, reading, now, source="button")
        await query.answer(texts.get("prompts.button_add_ml", ml=reading.ml))
        text, keyboard = confirmation(logged, person.water_goal_ml, texts)
        await edit_pressed_message(update, text, reply_markup=keyboard)
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
    reading = reading_in(update.effective_message.text or "")
    texts = texts_for(person.language)
    if reading is None:
        await reply(update, texts.get("prompts.ask_water_amount"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.flows.clear(person.id, flow.flow_id)
    await log_and_confirm(update, context, person, reading, source="button")


__all__ = [
    "Logged",
    "amount_in",
    "amount_problem",
    "confirmation",
    "log_and_confirm",
    "log_reading",
    "on_amount_text",
    "on_button",
    "reading_in",
    "water_command",
    "water_logged",
]
