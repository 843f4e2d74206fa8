"""The crisis conversation (bot-v2 item 3): warm words, "Are you safe right now?", the crisis
line of the person's country (confirmed, since it is only guessed from the time zone), an offer
to keep talking, and a follow-up a few hours later. No score, advice or questionnaire; nothing
of the person's words is stored."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from handlers.common import keyboards
from handlers.common.callbacks import Callback, Prefix
from handlers.common.context import BotContext
from handlers.safety.answering import emergency_for
from handlers.safety.tables import crisis_table
from handlers.setup.timezones import country_of_zone
from storage.records import Person

P = Prefix.SAFETY
CRISIS = "c"  # the token of the crisis message's buttons
CHECK = "cc"  # the gentle question after a possible crisis phrase
FOLLOWUP_AFTER = dt.timedelta(hours=3)
FOLLOWUP_REASON = "crisis"
FOLLOWUP_OUTCOMES = {"fok": "better", "fhard": "same", "funsafe": "worse"}


def line_text(zone: str | None, texts: ModuleType, *, confirm: bool = True) -> tuple[str, bool]:
    """The crisis line(s) for the country of `zone` (with `confirm`, the note that the country
    was taken from the time zone), and whether a country was guessed."""
    table = crisis_table()
    country = country_of_zone(zone) if zone else None
    lines = table.for_country(country)
    t = texts.safety
    if not lines:
        directory = table.directory
        return t.crisis_directory(directory.name, directory.url, emergency_for(zone, texts)), False
    parts = [t.crisis_line(x.service, x.number, x.channels, x.hours) for x in lines]
    if confirm:
        parts.append(t.crisis_country_guess(lines[0].country_name))
    return "\n".join(parts), True


def crisis_message(person: Person | None, texts: ModuleType) -> tuple[str, InlineKeyboardMarkup]:
    """The crisis message and its buttons."""
    t = texts.safety
    zone = person.timezone if person else None
    lines, guessed = line_text(zone, texts)
    text = "\n\n".join((t.CRISIS_OPENING, t.CRISIS_ASK_SAFE, lines, t.CRISIS_KEEP_TALKING))
    options = [
        (t.BUTTON_SAFE_YES, "safe", None),
        (t.BUTTON_SAFE_NO, "unsafe", None),
        (t.BUTTON_HURT, "hurt", None),
    ]
    if guessed:
        options.append((t.BUTTON_OTHER_COUNTRY, "elsewhere", None))
    return text, keyboards.choices(options, P, CRISIS, per_row=1)


async def send_crisis(
    context: BotContext, chat_id: int, person: Person | None, texts: ModuleType
) -> None:
    """Send the crisis message; a person who consented also gets a follow-up later."""
    text, markup = crisis_message(person, texts)
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    if person is None:
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        pending = await uow.followups.pending(person.id)
        if not any(f.reason == FOLLOWUP_REASON for f in pending):
            await uow.followups.schedule(person.id, now + FOLLOWUP_AFTER, FOLLOWUP_REASON, now=now)


async def ask_check(context: BotContext, chat_id: int, texts: ModuleType) -> None:
    """A possible crisis phrase (a negated one too): ask gently, never ignore it."""
    t = texts.safety
    markup = keyboards.choices(
        [(t.BUTTON_CHECK_YES, "yes", None), (t.BUTTON_CHECK_NO, "no", None)], P, CHECK
    )
    await context.bot.send_message(
        chat_id, t.CRISIS_CHECK, parse_mode=ParseMode.HTML, reply_markup=markup
    )


def followup_prompt(followup_id: int, texts: ModuleType) -> tuple[str, InlineKeyboardMarkup]:
    """The follow-up a few hours after a crisis message."""
    t = texts.safety
    options = [
        (t.BUTTON_FOLLOWUP_OK, "fok", None),
        (t.BUTTON_FOLLOWUP_HARD, "fhard", None),
        (t.BUTTON_FOLLOWUP_UNSAFE, "funsafe", None),
    ]
    return t.CRISIS_FOLLOWUP_ASK, keyboards.choices(options, P, f"f{followup_id}", per_row=1)


async def on_button(
    update: Update,
    context: BotContext,
    callback: Callback,
    person: Person | None,
    texts: ModuleType,
) -> None:
    """A press on the crisis message, the gentle question, or the crisis follow-up."""
    query = update.callback_query
    assert query is not None and query.message is not None
    chat_id = query.message.chat.id
    t = texts.safety
    zone = person.timezone if person else None
    emergency = emergency_for(zone, texts)
    action = callback.action
    if callback.token.startswith("f") and callback.token[1:].isdigit():
        await _followup_answer(update, context, callback, person, texts)
        return
    if callback.token == CHECK and action in ("yes", "no"):
        await query.answer()
        if action == "no":
            await query.edit_message_text(t.CRISIS_CHECK_NO, parse_mode=ParseMode.HTML)
            return
        await query.edit_message_reply_markup(reply_markup=None)
        await send_crisis(context, chat_id, person, texts)
        return
    if callback.token != CRISIS or action not in ("safe", "unsafe", "hurt", "elsewhere"):
        await query.answer(texts.common.FLOW_CLOSED)
        return
    await query.answer()
    lines, _ = line_text(zone, texts, confirm=False)
    if action == "elsewhere":
        directory = crisis_table().directory
        reply = t.crisis_directory(directory.name, directory.url, t.EMERGENCY_NUMBERS_UNKNOWN)
    elif action == "safe":
        reply = t.crisis_safe(lines)
    elif action == "unsafe":
        reply = t.crisis_not_safe(emergency, lines)
    else:
        reply = t.crisis_hurt(emergency)
    await context.bot.send_message(chat_id, reply, parse_mode=ParseMode.HTML)


async def _followup_answer(
    update: Update,
    context: BotContext,
    callback: Callback,
    person: Person | None,
    texts: ModuleType,
) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    outcome = FOLLOWUP_OUTCOMES.get(callback.action)
    if person is None or outcome is None:
        await query.answer(texts.common.FLOW_CLOSED)
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        recorded = await uow.followups.record_answer(
            person.id, int(callback.token[1:]), outcome, now
        )
    if not recorded:
        await query.answer(texts.common.FLOW_CLOSED)
        return
    await query.answer()
    t = texts.safety
    if callback.action == "fok":
        await query.edit_message_text(t.CRISIS_FOLLOWUP_OK, parse_mode=ParseMode.HTML)
        return
    await query.edit_message_reply_markup(reply_markup=None)
    lines, _ = line_text(person.timezone, texts, confirm=False)
    emergency = emergency_for(person.timezone, texts)
    reply = (
        t.crisis_not_safe(emergency, lines) if outcome == "worse" else t.crisis_still_hard(lines)
    )
    await context.bot.send_message(person.chat_id, reply, parse_mode=ParseMode.HTML)
