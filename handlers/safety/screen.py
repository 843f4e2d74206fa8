"""The tiered red-flag screen ("Just to be safe: is any of these happening now?") and the
yes/no question about a possible warning sign, both carried wholly in their buttons, so they
work the same before consent, in setup, in any flow and afterwards."""

from __future__ import annotations

import datetime as dt

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from engine.vocabulary import ids
from engine.words import term_label, term_question
from handlers.common import keyboards
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import local_today
from handlers.safety.answering import answer_flags, questions_next
from handlers.safety.buttons import P, keyboard, pressed
from handlers.safety.masks import from_mask, to_mask
from handlers.safety.tables import screen_for, screen_order
from i18n import Texts
from storage.records import Person

SCREEN = "s"
QUESTION = "q"


def visible(person: Person | None, now: dt.datetime) -> tuple[str, ...]:
    """The screen a person sees: the core list, and the tiers their profile opens on their own
    date (a pregnancy whose due date is long past opens nothing)."""
    if person is None:
        return screen_for()
    return screen_for(person.conditions_on(local_today(person, now)), person.medications)


def screen_keyboard(
    person: Person | None, chosen: tuple[str, ...], texts: Texts, now: dt.datetime
) -> InlineKeyboardMarkup:
    """One button per warning sign (ticked when chosen; each press carries the new set)."""
    order = screen_order()
    rows = []
    for flag in visible(person, now):
        ticked = flag in chosen
        after = tuple(f for f in chosen if f != flag) if ticked else (*chosen, flag)
        label = (keyboards.CHECK if ticked else "") + term_label(flag, texts)
        rows.append([keyboards.button(label, P, SCREEN, "tog", to_mask(after, order))])
    last = [keyboards.button(texts.get("safety.button_none_of_these"), P, SCREEN, "none")]
    if chosen:
        last.append(
            keyboards.button(
                texts.get("common.button_done"), P, SCREEN, "done", to_mask(chosen, order)
            )
        )
    rows.append(last)
    return InlineKeyboardMarkup(rows)


async def send_screen(
    context: BotContext, chat_id: int, person: Person | None, texts: Texts
) -> None:
    """Ask the screen as a new message."""
    await context.bot.send_message(
        chat_id,
        texts.get("safety.screen_ask"),
        parse_mode=ParseMode.HTML,
        reply_markup=screen_keyboard(person, (), texts, context.bot_data.clock()),
    )


def screen_button(texts: Texts) -> InlineKeyboardMarkup:
    """The one-tap way to the screen under "here is what I can do"."""
    return keyboard(SCREEN, [("safety.button_screen", "open")], texts)


def question(pending: tuple[str, ...], texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """Yes or no about the first of the possible warning signs still to ask."""
    mask = to_mask(pending, ids("red_flags"))
    text = texts.html("checkin.confirm_red_flag", question=term_question(pending[0], texts))
    return text, keyboard(
        QUESTION, [("common.button_yes", "yes"), ("common.button_no", "no")], texts, value=mask
    )


async def ask_possible(
    context: BotContext, chat_id: int, pending: tuple[str, ...], texts: Texts
) -> None:
    """Ask about possible warning signs at once, one at a time (nothing stored meanwhile)."""
    text, markup = question(pending, texts)
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_button(
    update: Update,
    context: BotContext,
    callback: Callback,
    person: Person | None,
    texts: Texts,
) -> None:
    """A press on the screen or on a yes/no question."""
    query, chat_id = pressed(update)
    if callback.token == SCREEN and callback.action == "open":
        await query.answer()
        await send_screen(context, chat_id, person, texts)
        return
    shown = getattr(query.message, "reply_markup", None)
    still_there = shown is not None and any(
        b.callback_data == query.data for row in shown.inline_keyboard for b in row
    )
    order = screen_order() if callback.token == SCREEN else ids("red_flags")
    chosen = from_mask(callback.value, order)
    if not still_there or chosen is None or callback.token not in (SCREEN, QUESTION):
        await query.answer(texts.get("common.flow_closed"))
        return
    await query.answer()
    if callback.token == QUESTION:
        await _answer_question(context, query, chat_id, person, chosen, callback.action, texts)
    elif callback.action == "tog":
        now = context.bot_data.clock()
        allowed = tuple(f for f in chosen if f in visible(person, now))
        await query.edit_message_reply_markup(screen_keyboard(person, allowed, texts, now))
    elif callback.action == "done" and chosen:
        labels = ", ".join(term_label(f, texts) for f in chosen)
        await query.edit_message_text(
            texts.get("safety.screen_ask") + "\n" + texts.html("checkin.chosen", labels=labels),
            parse_mode=ParseMode.HTML,
        )
        answer = await answer_flags(context, chat_id, person, chosen, texts)
        asks = questions_next(answer, chosen)
        if asks:
            await ask_possible(context, chat_id, asks, texts)
    else:
        more = texts.get("safety.screen_more") if person else texts.get("safety.needs_start_after")
        await query.edit_message_text(
            f"{texts.get('safety.screen_clear')}\n{more}", parse_mode=ParseMode.HTML
        )


async def _answer_question(
    context: BotContext,
    query: CallbackQuery,
    chat_id: int,
    person: Person | None,
    pending: tuple[str, ...],
    action: str,
    texts: Texts,
) -> None:
    if not pending or action not in ("yes", "no"):
        return
    first, rest = pending[0], pending[1:]
    if action == "yes":
        await query.edit_message_reply_markup(reply_markup=None)
        answer = await answer_flags(context, chat_id, person, (first,), texts)
        rest = tuple(dict.fromkeys((*rest, *questions_next(answer, pending))))
        if rest:
            await ask_possible(context, chat_id, rest, texts)
        return
    if rest:
        text, markup = question(rest, texts)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    await query.edit_message_text(texts.get("safety.possible_clear"))
