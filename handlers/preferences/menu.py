"""/settings as buttons: a menu of every setting (from the table), each a small step that is
answered with a button or by typing, with Back; edits its one message in place.

The menu is a flow like any other (one per person, in the database): its buttons carry the
flow id and the step, so a press from an older menu, a forged value or a double tap that lost
the race changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from handlers.common import keyboards
from handlers.common.callbacks import Callback, Prefix
from handlers.common.context import BotContext
from handlers.common.conversation import (
    current_person,
    edit_or_send,
    local_today,
    show_flow_step,
    texts_of,
)
from handlers.preferences.changes import Change, Target
from handlers.preferences.profile_view import seen_by, settings_listing
from handlers.preferences.table import BY_KEY, SETTINGS, Setting
from i18n import Texts, texts_for
from storage.records import FlowState, Person, Schedule
from storage.unit_of_work import UnitOfWork

P = Prefix.SETTINGS
SETTINGS_FLOW = "settings"
MENU = "menu"
_CODES = {MENU: "m", **{s.key: str(i) for i, s in enumerate(SETTINGS)}}


def menu_token(flow: FlowState) -> str:
    """The button token of the menu's current step."""
    return flow.flow_id[:8] + _CODES.get(flow.step, "x")


async def open_menu(update: Update, context: BotContext, person: Person) -> None:
    """/settings: the listing with a button for every setting, as a new message."""
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.start(person.id, SETTINGS_FLOW, MENU, {}, now)
        schedule = await uow.schedules.get(person.id)
    texts = texts_of(update, person)
    await _show(context, person, schedule, flow, texts, None, new_message=True)


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """A press in the menu or in a setting's step."""
    query = update.callback_query
    assert query is not None
    person = await current_person(update, context)
    texts = texts_of(update, person)
    flow = None
    if person is not None:
        async with context.bot_data.database.unit_of_work() as uow:
            flow = await uow.flows.load(person.id)
    if person is None or flow is None or flow.kind != SETTINGS_FLOW:
        await query.answer(texts.get("common.flow_closed"))
        return
    move = _understood(flow, callback, texts)
    if menu_token(flow) != callback.token or move is None:
        await query.answer(texts.get("common.flow_closed"))  # stale or forged: nothing changes
        return
    await query.answer()
    await _move(context, person, flow, *move, new_message=False)


async def on_text(update: Update, context: BotContext, person: Person, flow: FlowState) -> None:
    """A typed answer to a setting's step (the menu itself takes no typing)."""
    assert update.effective_message is not None
    text = (update.effective_message.text or "").strip()
    await _move(context, person, flow, "apply", text, new_message=True)


def takes_text(flow: FlowState) -> bool:
    """Whether the open settings flow waits for a typed answer (a setting's step)."""
    return flow.kind == SETTINGS_FLOW and flow.step in BY_KEY


def _understood(flow: FlowState, callback: Callback, texts: Texts) -> tuple[str, str] | None:
    """(what to do, with what) for a press this step offers; None for anything else."""
    action, value = callback.action, callback.value or ""
    if flow.step == MENU:
        if action == "open" and value in BY_KEY and BY_KEY[value].in_menu:
            return "open", value
        return ("close", "") if action == "close" else None
    setting = BY_KEY.get(flow.step)
    if setting is None:
        return None
    if action in ("back", "cancel"):
        return "back", ""
    if setting.many is not None:
        offered = setting.only() if setting.only else ()
        if action == "tog" and value in offered:
            return "toggle", value
        return ("apply", "none") if action == "none" else ("done", "") if action == "done" else None
    if action == "set" and value in {v for _, v in setting.choices(texts)}:
        return "apply", value
    return None


async def _move(
    context: BotContext,
    person: Person,
    flow: FlowState,
    action: str,
    value: str,
    *,
    new_message: bool,
) -> None:
    """Do what the press or typed answer asks, in one unit of work, then show where it led."""
    now = context.bot_data.clock()
    note: str | None = None
    async with context.bot_data.database.unit_of_work() as uow:
        if action == "close":
            if not await uow.flows.clear(person.id, flow.flow_id):
                return
        else:
            # Claim this version first: a double tap that lost the race changes nothing.
            claimed = await uow.flows.save(
                person.id, flow.flow_id, flow.version, step=flow.step, answers=flow.answers, now=now
            )
            if claimed is None:
                return
            step, answers, note = await _next(uow, person, flow, action, value, now)
            saved = await uow.flows.save(
                person.id, flow.flow_id, claimed.version, step=step, answers=answers, now=now
            )
            assert saved is not None  # claimed just now, in this transaction
            flow = saved
        schedule = await uow.schedules.get(person.id)
        fresh = await uow.people.get_by_id(person.id)
    assert fresh is not None
    texts = texts_for(fresh.language)
    if action == "close":
        listing = settings_listing(seen_by(context, fresh, schedule, texts))
        await edit_or_send(context, fresh.chat_id, flow.message_id, listing)
        return
    await _show(context, fresh, schedule, flow, texts, note, new_message=new_message)


async def _next(
    uow: UnitOfWork, person: Person, flow: FlowState, action: str, value: str, now: dt.datetime
) -> tuple[str, dict[str, Any], str | None]:
    """The step to show next, its answers, and a note above it ("Saved: ..." or why not)."""
    answers: dict[str, Any] = dict(flow.answers)
    if action == "open":
        return value, _picked(BY_KEY[value], person), None
    if action == "back":
        return MENU, {}, None
    if action == "toggle":
        picked = list(answers.get("picked", []))
        picked.remove(value) if value in picked else picked.append(value)
        return flow.step, {**answers, "picked": picked}, None
    if action == "done":
        value = ",".join(answers.get("picked", [])) or "none"
    change = await _apply(uow, person, BY_KEY[flow.step], value, now)
    if change.then:  # the due date after "pregnant", the birth date after "gave birth"
        return change.then, {}, change.text if change.saved else None
    if change.saved:
        return MENU, {}, change.text
    return flow.step, answers, change.text


async def _apply(
    uow: UnitOfWork, person: Person, setting: Setting, value: str, now: dt.datetime
) -> Change:
    texts = texts_for(person.language)
    target = Target(uow, person, now, local_today(person, now), texts)
    return await setting.apply(target, value)


def _picked(setting: Setting, person: Person) -> dict[str, Any]:
    """A multi-select step starts with what is stored ticked."""
    if setting.many is None:
        return {}
    stored = person.conditions if setting.many == "conditions" else person.medications
    offered = setting.only() if setting.only else ()
    return {"picked": [i for i in stored if i in offered]}


async def _show(
    context: BotContext,
    person: Person,
    schedule: Schedule | None,
    flow: FlowState,
    texts: Texts,
    note: str | None,
    *,
    new_message: bool,
) -> None:
    seen = seen_by(context, person, schedule, texts)
    token = menu_token(flow)
    setting = BY_KEY.get(flow.step)
    if setting is None:
        text = settings_listing(seen) + "\n\n" + texts.get("settings.menu_hint")
        markup = _menu_keyboard(token, texts)
    else:
        name = texts.get(setting.name)
        current = f"<b>{_capital(name)}</b>: {setting.read(seen)}" if setting.read else ""
        text = "\n\n".join(p for p in (current, texts.get(setting.ask)) if p)
        markup = _step_keyboard(setting, flow, token, texts)
    if note:
        text = f"{note}\n\n{text}"
    await show_flow_step(context, person, flow, text, markup, new_message=new_message)


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _menu_keyboard(token: str, texts: Texts) -> InlineKeyboardMarkup:
    options = [(_capital(texts.get(s.name)), "open", s.key) for s in SETTINGS if s.in_menu]
    markup = keyboards.choices(options, P, token, per_row=2)
    close = keyboards.button(texts.get("common.button_done"), P, token, "close")
    return InlineKeyboardMarkup([*markup.inline_keyboard, [close]])


def _step_keyboard(
    setting: Setting, flow: FlowState, token: str, texts: Texts
) -> InlineKeyboardMarkup:
    back = [keyboards.button(texts.get("settings.button_back"), P, token, "back")]
    if setting.many is not None:
        picks = keyboards.choose_many(
            setting.many,
            flow.answers.get("picked", []),
            P,
            token,
            per_row=1,
            texts=texts,
            none_text=texts.get("checkin.button_none"),
            only=setting.only() if setting.only else None,
        )
        # choose_many's last row is Cancel: here it is Back (nothing of the ticks is kept).
        return InlineKeyboardMarkup([*picks.inline_keyboard[:-1], back])
    options = [(label, "set", value) for label, value in setting.choices(texts)]
    rows = [list(row) for row in keyboards.choices(options, P, token, per_row=2).inline_keyboard]
    return InlineKeyboardMarkup([*rows, back])
