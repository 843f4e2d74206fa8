"""The daily check-in and /assess: start the questionnaire, take presses and typed answers, finish.

The questionnaire's state lives in the database (`flows`), so a restart or another instance
carries it on. Button tokens name the flow and the step, so a press on an old keyboard changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from telegram import Update

from engine import Day, ParseResult, Spasms
from engine.types import WaterReading
from handlers.checkin import questionnaire as q
from handlers.checkin.assessing import (
    assess_day,
    questions_to_ask,
    recent_red_flags,
    send_answer,
)
from handlers.checkin.view import render_step, water_extra_keyboard
from handlers.common.callbacks import Callback
from handlers.common.context import BotContext
from handlers.common.conversation import (
    edit_or_send,
    local_today,
    person_or_closed,
    person_or_start,
    show_flow_step,
    texts_of,
)
from handlers.prompts.render import date_token
from handlers.safety.tables import screen_for
from handlers.water.intake import log_reading
from i18n import texts_for
from storage.records import FlowState, Person
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

FLOW_KINDS = ("checkin", "assess")
_STEP_CODES = {step: f"{i:02d}" for i, step in enumerate(q.Step)}


def flow_token(flow_id: str, step: q.Step) -> str:
    """The button token: which flow and which step the keyboard was drawn for."""
    return flow_id[:8] + _STEP_CODES[step]


async def assess_command(update: Update, context: BotContext) -> None:
    """/assess: the questionnaire on demand."""
    person = await person_or_start(update, context)
    if person is None:
        return
    await start_questionnaire(context, person, "assess")


async def start_questionnaire(
    context: BotContext,
    person: Person,
    kind: Literal["checkin", "assess"],
    *,
    found: ParseResult | None = None,
    confirm_only: bool = False,
    message_id: int | None = None,
    first_press: str | None = None,
) -> None:
    """Begin a questionnaire (replacing any flow in progress) and ask its first question."""
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        flow, result = await open_questionnaire(
            uow,
            person,
            kind,
            now,
            found=found,
            confirm_only=confirm_only,
            message_id=message_id,
            first_press=first_press,
        )
    await show_step(context, person, flow, result)


async def open_questionnaire(
    uow: UnitOfWork,
    person: Person,
    kind: Literal["checkin", "assess"],
    now: dt.datetime,
    *,
    found: ParseResult | None = None,
    confirm_only: bool = False,
    message_id: int | None = None,
    first_press: str | None = None,
) -> tuple[FlowState, q.Result]:
    """Store a new questionnaire in the caller's unit of work; ask it with `show_step` once the
    unit of work has committed."""
    today = local_today(person, now)
    day = await uow.days.get(person.id, today)
    water_logged = day is not None and day.water_ml is not None
    if found is not None:
        result = q.prefilled(found, kind, water_logged=water_logged, confirm_only=confirm_only)
    else:
        carry = await recent_red_flags(uow, person, today)
        result = q.start(
            kind, water_logged=water_logged, still_there=carry, first_press=first_press
        )
    result.state.screen = list(screen_for(person.conditions_on(today), person.medications))
    flow = await uow.flows.start(
        person.id, kind, result.state.step, result.state.to_json(), now, message_id=message_id
    )
    return flow, result


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """A press on a questionnaire keyboard."""
    query = update.callback_query
    assert query is not None
    person = await person_or_closed(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.load(person.id)
        if not _is_current(flow, callback.token):
            flow = None
        elif callback.action == "cancel":
            await uow.flows.clear(person.id, flow.flow_id)  # type: ignore[union-attr]
    if flow is None:
        await query.answer(texts.get("common.flow_closed"))
        return
    if callback.action == "cancel":
        await query.answer()
        await edit_or_send(context, person.chat_id, flow.message_id, texts.get("common.cancelled"))
        return
    state = q.State.from_json(dict(flow.answers))
    result = q.apply_press(state, callback.action, callback.value)
    if result.outcome == "invalid":
        await query.answer(texts.get("common.not_understood_button"))
        return
    await query.answer()
    await advance(context, person, flow, result)


async def on_prompt_button(update: Update, context: BotContext, callback: Callback) -> None:
    """A press on the scheduled check-in prompt: its token is the local date it was for."""
    query = update.callback_query
    assert query is not None and query.message is not None
    person = await person_or_closed(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    today = local_today(person, context.bot_data.clock())
    if callback.action == "water":
        await on_water_extra(update, context, person, callback)
        return
    if (
        callback.token != today.strftime("%Y%m%d")
        or callback.action not in ("good", "bad")
        or not _button_still_shown(query.message, query.data)
    ):
        await query.answer(texts.get("common.flow_closed"))
        return
    if not await _first_answer(context, person, today, query.message.message_id):
        await query.answer(texts.get("common.flow_closed"))  # a double tap: answered already
        return
    await query.answer()
    await start_questionnaire(
        context,
        person,
        "checkin",
        message_id=query.message.message_id,
        first_press=callback.action,
    )


async def on_water_extra(
    update: Update, context: BotContext, person: Person, callback: Callback
) -> None:
    """One of the optional water buttons under a saved check-in: the day's rough total."""
    query = update.callback_query
    assert query is not None and query.message is not None
    texts = texts_of(update, person)
    now = context.bot_data.clock()
    today = local_today(person, now)
    message_id = query.message.message_id
    if (
        callback.token != date_token(today)
        or callback.value not in q.WATER_CHOICES
        or not _button_still_shown(query.message, query.data)
    ):
        await query.answer(texts.get("common.flow_closed"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        # A double tap: the first press wins (the delivery table's unique key).
        claim = await uow.deliveries.claim(person.id, "checkin", today, f"water{message_id}", now)
        if claim is not None:
            await uow.deliveries.mark_skipped(claim, now)
            # The buttons give the day's rough total: it raises the day to it, never adds.
            reading = WaterReading(q.WATER_CHOICES[callback.value], "day_total")
            total = (await log_reading(uow, person, reading, now, source="text")).change.total_ml
    if claim is None:
        await query.answer(texts.get("common.flow_closed"))
        return
    await query.answer()
    text = texts.get("checkin.water_added", total_ml=total, goal_ml=person.water_goal_ml)
    await edit_or_send(context, person.chat_id, message_id, text)


async def _first_answer(
    context: BotContext, person: Person, today: dt.date, message_id: int
) -> bool:
    """Whether this is the first answer to this check-in prompt. Two taps can both arrive
    before the prompt loses its buttons; the delivery table's unique key lets one through."""
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        claim = await uow.deliveries.claim(person.id, "checkin", today, f"answer{message_id}", now)
        if claim is not None:
            await uow.deliveries.mark_skipped(claim, now)
    return claim is not None


async def on_text(update: Update, context: BotContext, person: Person, flow: FlowState) -> None:
    """A typed answer while a questionnaire is open."""
    assert update.effective_message is not None and update.effective_message.text is not None
    state = q.State.from_json(dict(flow.answers))
    texts = texts_for(person.language)
    result = q.apply_text(state, update.effective_message.text, q.AnswerWords.of(texts))
    if result.outcome == "invalid":
        note = texts.get("checkin.not_understood")
        await show_step(context, person, flow, result, note=note, new_message=True)
        return
    await advance(context, person, flow, result, new_message=True)


async def advance(
    context: BotContext,
    person: Person,
    flow: FlowState,
    result: q.Result,
    *,
    new_message: bool = False,
) -> None:
    """Store the next step and ask it, or finish and answer."""
    now = context.bot_data.clock()
    if result.outcome == "finish":
        await finish(context, person, flow, result.state)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        saved = await uow.flows.save(
            person.id,
            flow.flow_id,
            flow.version,
            step=result.state.step,
            answers=result.state.to_json(),
            now=now,
        )
    if saved is None:  # another press moved the flow on meanwhile
        return
    await show_step(context, person, saved, result, new_message=new_message)


async def finish(context: BotContext, person: Person, flow: FlowState, state: q.State) -> None:
    """Record the answers, run the engine and send its answer (most urgent first)."""
    now = context.bot_data.clock()
    today = local_today(person, now)
    async with context.bot_data.database.unit_of_work() as uow:
        if not await uow.flows.clear(person.id, flow.flow_id):
            return  # finished already (a double tap, or another instance)
        if state.water_ml:  # the water question asks for the day's total; typed words may not
            reading = WaterReading(state.water_ml, "drink" if state.water_drink else "day_total")
            await log_reading(uow, person, reading, now, source="text")
        answer = await assess_day(uow, person, answers_day(state, today), now)
        day = await uow.days.get(person.id, today)
    texts = texts_for(person.language)
    await send_answer(context, person, answer)
    saved = texts.get(
        "checkin.saved_checkin" if state.kind == "checkin" else "checkin.saved_answers"
    )
    water = None
    if state.kind == "checkin" and (day is None or day.water_ml is None):
        # Offered, never waited for: no flow stays open, typed text reads as before.
        saved += "\n" + texts.get("checkin.water_extra")
        water = water_extra_keyboard(today, texts)
    await edit_or_send(context, person.chat_id, flow.message_id, saved, water)
    await ask_open_questions(context, person, (*state.pending, *questions_to_ask(answer)))


async def ask_open_questions(context: BotContext, person: Person, flags: tuple[str, ...]) -> None:
    """Ask yes/no about possible warning signs not yet confirmed (never dropped) and the ones the
    answer asks about next; the answers are assessed again."""
    if flags:
        still_open = ParseResult(possible_red_flags=tuple(dict.fromkeys(flags)))
        await start_questionnaire(context, person, "assess", found=still_open, confirm_only=True)


def answers_day(state: q.State, date: dt.date) -> Day:
    """The questionnaire's answers in the engine's day shape (water is logged separately)."""
    spasms = (
        Spasms(
            count=state.count or 1,
            max_severity=state.severity,
            locations=tuple(state.locations),
            nocturnal=state.nocturnal,
        )
        if state.spasms
        else Spasms()
    )
    return Day(
        date=date,
        spasms=spasms,
        urinary=tuple(state.urinary),
        red_flags=tuple(state.red_flags),
        triggers=tuple(state.triggers),
        answered=tuple(state.ruled_out),  # asked and answered "no"
    )


async def show_step(
    context: BotContext,
    person: Person,
    flow: FlowState,
    result: q.Result,
    note: str | None = None,
    *,
    new_message: bool = False,
) -> None:
    """Ask the questionnaire's current step (or finish it)."""
    if result.outcome == "finish":
        await finish(context, person, flow, result.state)
        return
    texts = texts_for(person.language)
    text, markup = render_step(
        result.state, flow_token(flow.flow_id, result.state.step), texts, note
    )
    await show_flow_step(context, person, flow, text, markup, new_message=new_message)


def _button_still_shown(message: object, data: str | None) -> bool:
    """Whether the pressed button is still on the message: once a prompt started its check-in
    its buttons are gone, so a second press (an old view, a double tap) changes nothing."""
    markup = getattr(message, "reply_markup", None)
    rows = markup.inline_keyboard if markup is not None else ()
    return any(button.callback_data == data for row in rows for button in row)


def _is_current(flow: FlowState | None, token: str) -> bool:
    if flow is None or flow.kind not in FLOW_KINDS:
        return False
    try:
        step = q.Step(flow.step)
    except ValueError:
        return False
    return flow_token(flow.flow_id, step) == token
