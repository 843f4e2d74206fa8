"""/settings (show, or `/settings KEY VALUE`), /pause [days] and /resume."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import local_now, person_or_start, reply, texts_of
from handlers.preferences.parse import parse_days, parse_hydration, parse_range, parse_time
from handlers.preferences.profile_view import current_settings
from handlers.setup.steps import parse_goal
from handlers.setup.timezones import zones_from_text
from handlers.weekly import setting as weekly
from i18n import Texts, available_languages
from storage.records import Person
from storage.unit_of_work import UnitOfWork


async def settings_command(update: Update, context: BotContext) -> None:
    """/settings shows everything; /settings KEY VALUE changes one thing."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    args = context.args or []
    now = context.bot_data.clock()
    if not args:
        async with context.bot_data.database.unit_of_work() as uow:
            schedule = await uow.schedules.get(person.id)
        await reply(update, current_settings(person, schedule, now, texts))
        return
    key, value = args[0].lower(), " ".join(args[1:]).strip()
    async with context.bot_data.database.unit_of_work() as uow:
        answer = await _apply(uow, person, key, value, texts)
    await reply(update, answer)


async def _apply(uow: UnitOfWork, person: Person, key: str, value: str, texts: Texts) -> str:
    if key in ("timezone", "tz", "zone"):
        zones = zones_from_text(value) if value else ()
        if len(zones) != 1:
            return (
                texts.get("settings.ask_timezone")
                if not zones
                else texts.get("settings.ask_timezone") + " (" + ", ".join(zones[:5]) + ")"
            )
        await uow.people.set_timezone(person.id, zones[0])
        return _saved(texts, texts.get("settings.name.timezone"), zones[0])
    if key in ("checkin", "check-in", "stretch"):
        at = parse_time(value)
        if at is None:
            return texts.get("settings.bad_time")
        if key == "stretch":
            await uow.schedules.set_stretch(person.id, at)
        else:
            await uow.schedules.set_checkin(person.id, at)
        return _saved(texts, key, value)  # the setting's word as the person typed it
    if key in ("hydration", "water"):
        parsed = parse_hydration(value)
        if parsed is None:
            return texts.get("settings.bad_hydration")
        await uow.schedules.set_hydration(person.id, *parsed)
        return _saved(texts, texts.get("settings.name.water_reminders"), value)
    if key == "goal":
        goal = parse_goal(value)
        if goal is None:
            return texts.get("settings.bad_goal")
        await uow.people.set_water_goal(person.id, goal)
        return _saved(
            texts, texts.get("settings.name.water_goal"), texts.get("settings.goal_value", ml=goal)
        )
    if key == "quiet":
        if value.lower() in {"off", texts.get("settings.off").lower()}:
            await uow.schedules.set_quiet_hours(person.id, None, None)
            return _saved(texts, texts.get("settings.name.quiet_hours"), texts.get("settings.off"))
        parsed_range = parse_range(value)
        if parsed_range is None:
            return texts.get("settings.bad_range")
        await uow.schedules.set_quiet_hours(person.id, *parsed_range)
        return _saved(texts, texts.get("settings.name.quiet_hours"), value)
    if key == "language":
        if value.lower() not in available_languages():
            return texts.get("settings.bad_language")
        await uow.people.set_language(person.id, value.lower())
        return _saved(texts, texts.get("settings.name.language"), value.lower())
    if key in weekly.KEYS:
        return await weekly.apply_weekly(uow, person, value, texts)
    return texts.get("settings.unknown_key") + " " + texts.get("settings.settings_help")


def _saved(texts: Texts, name: str, value: str) -> str:
    return texts.html("settings.saved", name=name, value=value)


async def pause_command(update: Update, context: BotContext) -> None:
    """/pause (until /resume) or /pause DAYS."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    args = context.args or []
    days = parse_days(args[0]) if args else None
    if args and days is None:
        await reply(update, texts.get("settings.bad_pause"))
        return
    now = context.bot_data.clock()
    until = now + dt.timedelta(days=days) if days else None
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.pause_until(person.id, until)
    shown = f"{local_now(person, until):%Y-%m-%d %H:%M}" if until else None
    paused = (
        texts.html("settings.paused_until", until=shown) if shown else texts.get("settings.paused")
    )
    await reply(update, paused)


async def resume_command(update: Update, context: BotContext) -> None:
    """/resume: scheduled prompts again."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    if not person.is_paused(context.bot_data.clock()):
        await reply(update, texts.get("settings.not_paused"))
        return
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.resume(person.id)
    await reply(update, texts.get("settings.resumed"))
