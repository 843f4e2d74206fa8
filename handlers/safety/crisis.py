"""The crisis conversation (bot-v2 item 3): warm words, "Are you safe right now?", the crisis
line of the person's country (confirmed, since it is only guessed from the time zone), an offer
to keep talking, and a follow-up a few hours later. No score, advice or questionnaire; nothing
of the person's words is stored."""

from __future__ import annotations

import datetime as dt
import html

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from delivery import outbox
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.safety.answering import emergency_for
from handlers.safety.buttons import keyboard, pressed
from handlers.safety.tables import crisis_table
from handlers.setup.timezones import country_of_zone
from i18n import MessageKey, Texts
from storage.handling import is_transient
from storage.records import Person

CRISIS = "c"  # the token of the crisis message's buttons
CHECK = "cc"  # the gentle question after a possible crisis phrase
FOLLOWUP_AFTER = dt.timedelta(hours=3)
FOLLOWUP_REASON = "crisis"
FOLLOWUP_OUTCOMES = {"fok": "better", "fhard": "same", "funsafe": "worse"}
CRISIS_BUTTONS: tuple[tuple[MessageKey, str], ...] = (
    ("safety.button_safe_yes", "safe"),
    ("safety.button_safe_no", "unsafe"),
    ("safety.button_hurt", "hurt"),
)
OTHER_COUNTRY: tuple[MessageKey, str] = ("safety.button_other_country", "elsewhere")
FOLLOWUP_BUTTONS: tuple[tuple[MessageKey, str], ...] = (
    ("safety.button_followup_ok", "fok"),
    ("safety.button_followup_hard", "fhard"),
    ("safety.button_followup_unsafe", "funsafe"),
)


def line_text(zone: str | None, texts: Texts, *, confirm: bool = True) -> tuple[str, bool]:
    """The crisis line(s) for the country of `zone` (with `confirm`, the note that the country
    was taken from the time zone), and whether a country was guessed."""
    table = crisis_table()
    country = country_of_zone(zone) if zone else None
    lines = table.for_country(country)
    if not lines:
        return directory_text(emergency_for(zone, texts), texts), False
    parts = [
        texts.html(
            "safety.crisis_line",
            service=x.service,
            number=x.number,
            channels=channels(x.channels, texts),
            hours=x.hours,
        )
        for x in lines
    ]
    if confirm:
        parts.append(texts.html("safety.crisis_country_guess", country=lines[0].country_name))
    return "\n".join(parts), True


def channels(ways: tuple[str, ...], texts: Texts) -> str:
    """How a line can be reached, in words ("call or text")."""
    return texts.get("safety.channel_joiner").join(
        texts.lookup(f"safety.channel.{w}") for w in ways
    )


def directory_text(emergency: str, texts: Texts) -> str:
    """No line for the country in our table: the international directory and the number."""
    directory = crisis_table().directory
    return texts.html(
        "safety.crisis_directory", name=directory.name, url=directory.url, emergency=emergency
    )


def crisis_message(person: Person | None, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The crisis message and its buttons."""
    zone = person.timezone if person else None
    lines, guessed = line_text(zone, texts)
    text = "\n\n".join(
        (
            texts.get("safety.crisis_opening"),
            texts.get("safety.crisis_ask_safe"),
            lines,
            texts.get("safety.crisis_keep_talking"),
        )
    )
    options = [*CRISIS_BUTTONS, *([OTHER_COUNTRY] if guessed else [])]
    return text, keyboard(CRISIS, options, texts, per_row=1)


async def send_crisis(
    context: BotContext, chat_id: int, person: Person | None, texts: Texts
) -> None:
    """Send the crisis message (it must arrive, buttons and all); a person who consented also
    gets a follow-up later."""
    text, markup = crisis_message(person, texts)
    await must_arrive(context, chat_id, person, text, markup)
    if person is None:
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        pending = await uow.followups.pending(person.id)
        if not any(f.reason == FOLLOWUP_REASON for f in pending):
            await uow.followups.schedule(person.id, now + FOLLOWUP_AFTER, FOLLOWUP_REASON, now=now)


async def must_arrive(
    context: BotContext,
    chat_id: int,
    person: Person | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send a crisis message (with its buttons): through the outbox for a person with a record,
    like an emergency answer, so it is retried until delivered or 30 minutes have passed, across
    restarts. Someone who has not consented has no row to keep it under (nothing is stored), and
    while the database is away the message must not wait for it: then it is sent directly."""
    if person is not None:
        try:
            await outbox.send_answer(
                context.bot_data.database,
                context.bot,
                person.id,
                chat_id,
                [text],
                by=context.bot_data.instance_id,
                markup=markup,
            )
            return
        except Exception as error:
            if not is_transient(error):
                raise
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def ask_check(context: BotContext, chat_id: int, texts: Texts) -> None:
    """A possible crisis phrase (a negated one too): ask gently, never ignore it."""
    markup = keyboard(
        CHECK, [("safety.button_check_yes", "yes"), ("safety.button_check_no", "no")], texts
    )
    await context.bot.send_message(
        chat_id, texts.get("safety.crisis_check"), parse_mode=ParseMode.HTML, reply_markup=markup
    )


def followup_prompt(followup_id: int, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The follow-up a few hours after a crisis message."""
    return texts.get("safety.crisis_followup_ask"), keyboard(
        f"f{followup_id}", FOLLOWUP_BUTTONS, texts, per_row=1
    )


async def on_button(
    update: Update,
    context: BotContext,
    callback: Callback,
    person: Person | None,
    texts: Texts,
) -> None:
    """A press on the crisis message, the gentle question, or the crisis follow-up."""
    query, chat_id = pressed(update)
    zone = person.timezone if person else None
    emergency = emergency_for(zone, texts)
    action = callback.action
    if callback.token.startswith("f") and callback.token[1:].isdigit():
        await _followup_answer(query, context, callback, person, texts)
        return
    if callback.token == CHECK and action in ("yes", "no"):
        await query.answer()
        if action == "no":
            await query.edit_message_text(
                texts.get("safety.crisis_check_no"), parse_mode=ParseMode.HTML
            )
            return
        await query.edit_message_reply_markup(reply_markup=None)
        await send_crisis(context, chat_id, person, texts)
        return
    if callback.token != CRISIS or action not in ("safe", "unsafe", "hurt", "elsewhere"):
        await query.answer(texts.get("common.flow_closed"))
        return
    await query.answer()
    lines, _ = line_text(zone, texts, confirm=False)
    if action == "elsewhere":
        reply = directory_text(texts.get("safety.emergency_numbers_unknown"), texts)
    elif action == "safe":
        reply = texts.get("safety.crisis_safe", line=lines)
    elif action == "unsafe":
        reply = texts.get("safety.crisis_not_safe", emergency=html.escape(emergency), line=lines)
    else:
        reply = texts.html("safety.crisis_hurt", emergency=emergency)
    await must_arrive(context, chat_id, person, reply)


async def _followup_answer(
    query: CallbackQuery,
    context: BotContext,
    callback: Callback,
    person: Person | None,
    texts: Texts,
) -> None:
    outcome = FOLLOWUP_OUTCOMES.get(callback.action)
    if person is None or outcome is None:
        await query.answer(texts.get("common.flow_closed"))
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        recorded = await uow.followups.record_answer(
            person.id, int(callback.token[1:]), outcome, now
        )
    if not recorded:
        await query.answer(texts.get("common.flow_closed"))
        return
    await query.answer()
    if callback.action == "fok":
        await query.edit_message_text(
            texts.get("safety.crisis_followup_ok"), parse_mode=ParseMode.HTML
        )
        return
    await query.edit_message_reply_markup(reply_markup=None)
    lines, _ = line_text(person.timezone, texts, confirm=False)
    emergency = emergency_for(person.timezone, texts)
    reply = (
        texts.get("safety.crisis_not_safe", emergency=html.escape(emergency), line=lines)
        if outcome == "worse"
        else texts.get("safety.crisis_still_hard", line=lines)
    )
    await must_arrive(context, person.chat_id, person, reply)
