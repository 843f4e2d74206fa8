"""/stretch [area] and the stretch prompt's Done / Later / Skip."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.constants import ParseMode

from engine import Stretch, routine_for
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import (
    current_person,
    local_today,
    person_or_start,
    reply,
    retire_keyboard,
    texts_of,
)
from handlers.prompts.render import date_token, stretch_message
from i18n import Texts
from storage.records import StretchOutcome
from storage.unit_of_work import UnitOfWork

RECENT_DAYS = 7
SNOOZE = dt.timedelta(hours=1)


def area_for_word(word: str, texts: Texts) -> str | None:
    """The stretch library's area a word typed after /stretch names (area.<id> in the catalog)."""
    for key in texts.keys_under("area."):
        if word in {w.strip().lower() for w in texts.lookup(key).split(",")}:
            return key.removeprefix("area.")
    return None


async def recent_routine(
    uow: UnitOfWork, person_id: int, today: dt.date, area: str | None
) -> tuple[Stretch, ...]:
    """A routine chosen for the spasm locations of the last days (one entry per day)."""
    days = await uow.days.recent(person_id, today, RECENT_DAYS)
    locations = [loc for day in days if day.spasms.count > 0 for loc in day.spasms.locations]
    return routine_for(locations, area=area, count=3)


async def stretch_command(update: Update, context: BotContext) -> None:
    """/stretch, /stretch back, /stretch legs, /stretch pelvis ..."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    word = (context.args or [""])[0].lower() if context.args else ""
    area = area_for_word(word, texts) if word else None
    note = texts.get("prompts.stretch_unknown_area") if word and area is None else None
    now = context.bot_data.clock()
    today = local_today(person, now)
    async with context.bot_data.database.unit_of_work() as uow:
        routine = await recent_routine(uow, person.id, today, area)
        await uow.days.record_stretch(
            person.id, today, "offered", now, stretches=[s.id for s in routine], area=area
        )
    message = stretch_message(
        routine,
        today,
        scheduled=False,
        texts=texts,
        pregnancy=person.pregnancy_applies(today),
        note=note,
    )
    await reply(update, message.text, message.keyboard)


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Done / Later (snooze an hour, once) / Skip."""
    query = update.callback_query
    assert query is not None
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None or callback.action not in ("done", "later", "skip"):
        await query.answer(texts.get("common.flow_closed"))
        return
    now = context.bot_data.clock()
    today = local_today(person, now)
    if callback.token != date_token(today):
        await query.answer(texts.get("common.flow_closed"))
        return
    outcome = callback.action
    message_id = query.message.message_id if query.message is not None else 0
    async with context.bot_data.database.unit_of_work() as uow:
        # Two taps can both arrive before the buttons go: the first answer to this message
        # wins (the delivery table's unique key), the second changes and sends nothing.
        claim = await uow.deliveries.claim(person.id, "stretch", today, f"answer{message_id}", now)
        if claim is None:
            outcome = "answered"
        else:
            await uow.deliveries.mark_skipped(claim, now)
        if outcome == "later":
            logs = await uow.days.stretch_logs(person.id, today, today)
            if any(log.outcome == "later" for log in logs):
                outcome = "skip"  # snooze only once a day
        if outcome != "answered":
            await uow.days.record_stretch(person.id, today, _outcome_name(outcome), now)
        if outcome == "later":
            await uow.schedules.wake_by(person.id, now + SNOOZE)
    if outcome == "answered":
        await query.answer(texts.get("common.flow_closed"))
        return
    reply_text = {
        "done": texts.get("prompts.stretch_done"),
        "later": texts.get("prompts.stretch_later"),
        "skip": texts.get("prompts.stretch_skipped"),
    }[outcome]
    await query.answer()
    if query.message is not None:  # the buttons go; already gone (a double tap) is fine
        await retire_keyboard(context, person.chat_id, query.message.message_id)
    await context.bot.send_message(person.chat_id, reply_text, parse_mode=ParseMode.HTML)


def _outcome_name(action: str) -> StretchOutcome:
    names: dict[str, StretchOutcome] = {"done": "done", "later": "later", "skip": "skipped"}
    return names[action]
