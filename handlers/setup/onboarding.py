"""/start: consent first (nothing is stored before it), then time zone, schedule, water goal
and an optional health profile. The setup state lives in the database like every flow."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from engine.vocabulary import ids
from handlers.common import keyboards
from handlers.common.callbacks import Callback, Prefix
from handlers.common.context import BotContext
from handlers.common.conversation import (
    current_person,
    edit_or_send,
    edit_pressed_message,
    reply,
    show_flow_step,
    texts_of,
)
from handlers.preferences.profile_view import current_settings, seen_by
from handlers.preferences.reading import hhmm
from handlers.setup.steps import (
    GOAL_CHOICES,
    Step,
    guess_zones,
    parse_goal,
    parse_times,
    setup_token,
)
from handlers.setup.timezones import zone_from_location
from handlers.setup.zone_answer import ZoneOutcome, answer_zone_text, zone_display_name
from i18n import language_code, texts_for
from reminders.clock_times import in_window
from storage.records import FlowState, Person

P = Prefix.ONBOARDING
CONSENT_TOKEN = "0"  # the consent buttons come before any flow exists


async def start_command(update: Update, context: BotContext) -> None:
    """/start: welcome and consent the first time; the current settings afterwards."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None:
        markup = keyboards.choices(
            [
                (texts.get("onboarding.button_consent"), "consent", None),
                (texts.get("onboarding.button_decline"), "decline", None),
            ],
            P,
            CONSENT_TOKEN,
            per_row=1,
        )
        await reply(update, texts.get("onboarding.welcome"), markup)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        if not person.active:
            await uow.people.mark_active(person.id, chat_id=person.chat_id)
        schedule = await uow.schedules.get(person.id)
    if person.timezone is None:
        await _begin_setup(context, person, None)
        return
    await reply(update, current_settings(seen_by(context, person, schedule, texts)))
    await reply(update, texts.get("common.help"))


async def on_button(update: Update, context: BotContext, callback: Callback) -> None:
    """Consent buttons and every setup step's buttons."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user is not None
    texts = texts_of(update)
    if callback.token == CONSENT_TOKEN:
        if await current_person(update, context) is not None:
            # An older welcome message (or a double tap): consent was already given.
            await query.answer(texts.get("common.flow_closed"))
            return
        await query.answer()
        if callback.action == "decline":
            await edit_pressed_message(update, texts.get("onboarding.declined"))
            return
        if callback.action != "consent":
            return
        consented = await _consent(update, context)
        await _begin_setup(context, consented, query.message.message_id)
        return
    person = await current_person(update, context)
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.load(person.id) if person else None
    if (
        person is None
        or flow is None
        or flow.kind != "setup"
        or setup_token(flow) != callback.token
    ):
        await query.answer(texts.get("common.flow_closed"))
        return
    await query.answer()
    await _press(context, person, flow, callback)


async def on_text(update: Update, context: BotContext, person: Person, flow: FlowState) -> None:
    """A typed answer during setup: a place or time for the zone, or a water goal."""
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    texts = texts_for(person.language)
    answers = dict(flow.answers)
    if flow.step == Step.TIMEZONE:
        await _zone_typed(update, context, person, flow, text)
        return
    if flow.step == Step.TIMES:
        await _times_typed(update, context, person, flow, text)
        return
    if flow.step == Step.GOAL:
        goal = parse_goal(text)
        if goal is None:
            await reply(update, texts.get("onboarding.goal_out_of_range"))
            return
        await _set_goal(context, person, flow, goal, new_message=True)
        return
    await _ask(context, person, flow, Step(flow.step), answers, None, new_message=True)


async def on_location(update: Update, context: BotContext, person: Person, flow: FlowState) -> None:
    """A shared location during setup sets the time zone."""
    location = update.effective_message.location if update.effective_message else None
    zone = zone_from_location(location.latitude, location.longitude) if location else None
    if zone is None:
        await reply(update, texts_for(person.language).get("onboarding.timezone_not_found"))
        return
    await _set_zone(context, person, flow, zone, new_message=True)


async def _consent(update: Update, context: BotContext) -> Person:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    # Their language starts as Telegram's, when we have a catalog for it; else English.
    language = language_code(user.language_code)
    async with context.bot_data.database.unit_of_work() as uow:
        return await uow.people.create_with_consent(
            user.id,
            chat.id,
            consented_at=context.bot_data.clock(),
            language=language,
        )


async def _begin_setup(context: BotContext, person: Person, message_id: int | None) -> None:
    now = context.bot_data.clock()
    answers: dict[str, Any] = {"candidates": list(guess_zones(person.language))}
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.start(
            person.id, "setup", Step.TIMEZONE, answers, now, message_id=message_id
        )
    await _ask(context, person, flow, Step.TIMEZONE, answers, None)


async def _press(context: BotContext, person: Person, flow: FlowState, callback: Callback) -> None:
    answers = dict(flow.answers)
    action, value = callback.action, callback.value
    step = flow.step
    if step == Step.TIMEZONE and action == "tz" and value and value.isdigit():
        candidates = answers.get("candidates", [])
        if int(value) < len(candidates):
            await _set_zone(context, person, flow, candidates[int(value)])
    elif step == Step.TIMEZONE and action == "keep_tz" and person.timezone is not None:
        await _set_zone(context, person, flow, person.timezone)
    elif step in (Step.SCHEDULE, Step.TIMES) and action == "keep":
        await _ask(context, person, flow, Step.GOAL, answers, None)
    elif step == Step.SCHEDULE and action == "times":
        await _ask(context, person, flow, Step.TIMES, answers, None)
    elif step == Step.GOAL and action == "goal" and value in {str(g) for g in GOAL_CHOICES}:
        await _set_goal(context, person, flow, int(str(value)))
    elif step == Step.PROFILE and action in ("add", "skip"):
        await (
            _ask(context, person, flow, Step.CONDITIONS, answers, None)
            if action == "add"
            else _done(context, person, flow)
        )
    elif step in (Step.CONDITIONS, Step.MEDICATIONS):
        await _press_profile_list(context, person, flow, answers, action, value)
    elif step == Step.MED_CHANGED and action in ("yes", "no"):
        answers["changed"] = action == "yes"
        await _save_profile(context, person, answers)
        pregnant = "pregnancy" in answers.get("conditions", [])
        await _done(context, person, flow, ask_due_date=pregnant)


async def _press_profile_list(
    context: BotContext,
    person: Person,
    flow: FlowState,
    answers: dict[str, Any],
    action: str,
    value: str | None,
) -> None:
    field = "conditions" if flow.step == Step.CONDITIONS else "medications"
    chosen: list[str] = list(answers.get(field, []))
    if action == "tog" and value in ids(field):  # type: ignore[arg-type]
        chosen.remove(value) if value in chosen else chosen.append(value)
        answers[field] = chosen
        await _ask(context, person, flow, Step(flow.step), answers, None)
    elif action in ("done", "none"):
        answers[field] = [] if action == "none" else chosen
        nxt = Step.MEDICATIONS if field == "conditions" else Step.MED_CHANGED
        await _ask(context, person, flow, nxt, answers, None)
    elif action == "cancel":
        await _done(context, person, flow)


async def _zone_typed(
    update: Update, context: BotContext, person: Person, flow: FlowState, text: str
) -> None:
    """A typed place, clock time or UTC offset in the time-zone step."""
    texts = texts_for(person.language)
    answer = answer_zone_text(text, context.bot_data.clock())
    if answer.outcome is ZoneOutcome.SET:
        await _set_zone(context, person, flow, answer.zones[0], new_message=True)
        return
    if answer.outcome is ZoneOutcome.NOT_FOUND:
        await reply(update, texts.get("onboarding.timezone_not_found"))
        return
    if answer.outcome is ZoneOutcome.OFFSET_UNUSED:
        await reply(update, texts.html("onboarding.offset_unused", **answer.remember))
        return
    if answer.outcome is ZoneOutcome.OFFSET_FOR_NOW:
        # Kept for now so reminders work, but the step stays open for the city.
        async with context.bot_data.database.unit_of_work() as uow:
            await uow.people.set_timezone(person.id, answer.zones[0])
        answer = replace(answer, zones=())
    answers = {
        **{k: v for k, v in flow.answers.items() if k not in ("place", "offset", "local_time")},
        **answer.remember,
        "candidates": list(answer.zones),
        "zone_question": str(answer.outcome),
    }
    note = texts.get("onboarding.pick_timezone") if answer.outcome is ZoneOutcome.PICK else None
    await _ask(context, person, flow, Step.TIMEZONE, answers, note, new_message=True)


async def _times_typed(
    update: Update, context: BotContext, person: Person, flow: FlowState, text: str
) -> None:
    """Typed times in "Change times": the stretch and check-in times at once, or one by one
    (stretch first); a time in quiet hours would never be sent, so it is refused."""
    texts = texts_for(person.language)
    answers = dict(flow.answers)
    times = parse_times(text)
    wanted = 1 if "stretch_at" in answers else 2
    async with context.bot_data.database.unit_of_work() as uow:
        schedule = await uow.schedules.get(person.id)
    assert schedule is not None
    if times is None or len(times) > wanted:
        await reply(update, texts.get("onboarding.bad_times"))
        return
    quiet = [t for t in times if in_window(t, schedule.quiet_start, schedule.quiet_end)]
    if quiet:
        hours = f"{hhmm(schedule.quiet_start, texts)}-{hhmm(schedule.quiet_end, texts)}"
        await reply(update, texts.get("onboarding.time_in_quiet_hours", quiet=hours))
        return
    if wanted == 2:
        answers["stretch_at"] = times[0].strftime("%H:%M")
    async with context.bot_data.database.unit_of_work() as uow:
        if wanted == 2:
            await uow.schedules.set_stretch(person.id, times[0])
        if len(times) == wanted:
            await uow.schedules.set_checkin(person.id, times[-1])
    if len(times) < wanted:  # the stretch time only: ask for the check-in time next
        await _ask(context, person, flow, Step.TIMES, answers, None, new_message=True)
        return
    note = texts.get(
        "onboarding.times_set", stretch=answers["stretch_at"], checkin=f"{times[-1]:%H:%M}"
    )
    await _ask(context, person, flow, Step.GOAL, answers, note, new_message=True)


async def _set_zone(
    context: BotContext, person: Person, flow: FlowState, zone: str, *, new_message: bool = False
) -> None:
    texts = texts_for(person.language)
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.set_timezone(person.id, zone)
    local = context.bot_data.clock().astimezone(ZoneInfo(zone))
    note = texts.html(
        "onboarding.timezone_set", zone=zone_display_name(zone), local_time=local.strftime("%H:%M")
    )
    await _ask(
        context, person, flow, Step.SCHEDULE, dict(flow.answers), note, new_message=new_message
    )


async def _set_goal(
    context: BotContext, person: Person, flow: FlowState, goal: int, *, new_message: bool = False
) -> None:
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.set_water_goal(person.id, goal)
    await _ask(
        context, person, flow, Step.PROFILE, dict(flow.answers), None, new_message=new_message
    )


async def _save_profile(context: BotContext, person: Person, answers: dict[str, Any]) -> None:
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.set_profile(
            person.id,
            conditions=answers.get("conditions", []),
            medications=answers.get("medications", []),
            medication_changed_recently=bool(answers.get("changed", False)),
        )


async def _done(
    context: BotContext, person: Person, flow: FlowState, *, ask_due_date: bool = False
) -> None:
    texts = texts_for(person.language)
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.flows.clear(person.id, flow.flow_id)
    text = texts.get("onboarding.setup_done")
    if ask_due_date:  # the day after it, the notes and questions change (docs/settings.md)
        text += "\n\n" + texts.get("onboarding.add_due_date")
    await edit_or_send(context, person.chat_id, flow.message_id, text)


async def _ask(
    context: BotContext,
    person: Person,
    flow: FlowState,
    step: Step,
    answers: dict[str, Any],
    note: str | None,
    *,
    new_message: bool = False,
) -> None:
    """Store the step and show it (in place, or as a new message after typed input)."""
    from handlers.setup.view import render_setup_step

    async with context.bot_data.database.unit_of_work() as uow:
        saved = await uow.flows.save(
            person.id,
            flow.flow_id,
            flow.version,
            step=step,
            answers=answers,
            now=context.bot_data.clock(),
        )
    if saved is None:
        return
    text, markup = render_setup_step(saved, texts_for(person.language))
    if note:
        text = f"{note}\n\n{text}"
    await show_flow_step(context, person, saved, text, markup, new_message=new_message)
