"""/settings (show, or `/settings KEY VALUE`), /pause [days] and /resume."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import local_now, person_or_start, reply, texts_of
from handlers.preferences.parse import parse_days, parse_hydration, parse_range, parse_time
from handlers.preferences.profile_view import settings_lines
from handlers.setup.steps import parse_goal
from handlers.setup.timezones import zones_from_text
from handlers.texts import LANGUAGES
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
        await reply(update, texts.settings.current(settings_lines(person, schedule, now)))
        return
    key, value = args[0].lower(), " ".join(args[1:]).strip()
    async with context.bot_data.database.unit_of_work() as uow:
        answer = await _apply(uow, person, key, value, texts)
    await reply(update, answer)


async def _apply(uow: UnitOfWork, person: Person, key: str, value: str, texts: object) -> str:
    t = texts.settings  # type: ignore[attr-defined]
    if key in ("timezone", "tz", "zone"):
        zones = zones_from_text(value) if value else ()
        if len(zones) != 1:
            return (
                t.ASK_TIMEZONE if not zones else t.ASK_TIMEZONE + " (" + ", ".join(zones[:5]) + ")"
            )
        await uow.people.set_timezone(person.id, zones[0])
        return t.saved("time zone", zones[0])
    if key in ("checkin", "check-in", "stretch"):
        at = parse_time(value)
        if at is None:
            return t.BAD_TIME
        if key == "stretch":
            await uow.schedules.set_stretch(person.id, at)
        else:
            await uow.schedules.set_checkin(person.id, at)
        return t.saved(key, value)
    if key in ("hydration", "water"):
        parsed = parse_hydration(value)
        if parsed is None:
            return t.BAD_HYDRATION
        await uow.schedules.set_hydration(person.id, *parsed)
        return t.saved("water reminders", value)
    if key == "goal":
        goal = parse_goal(value)
        if goal is None:
            return t.BAD_GOAL
        await uow.people.set_water_goal(person.id, goal)
        return t.saved("water goal", f"{goal} ml")
    if key == "quiet":
        if value.lower() == "off":
            await uow.schedules.set_quiet_hours(person.id, None, None)
            return t.saved("quiet hours", "off")
        parsed_range = parse_range(value)
        if parsed_range is None:
            return t.BAD_RANGE
        await uow.schedules.set_quiet_hours(person.id, *parsed_range)
        return t.saved("quiet hours", value)
    if key == "language":
        if value.lower() not in LANGUAGES:
            return t.BAD_LANGUAGE
        await uow.people.set_language(person.id, value.lower())
        return t.saved("language", value.lower())
    return t.UNKNOWN_KEY


async def pause_command(update: Update, context: BotContext) -> None:
    """/pause (until /resume) or /pause DAYS."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    args = context.args or []
    days = parse_days(args[0]) if args else None
    if args and days is None:
        await reply(update, texts.settings.BAD_PAUSE)
        return
    now = context.bot_data.clock()
    until = now + dt.timedelta(days=days) if days else None
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.pause_until(person.id, until)
    shown = f"{local_now(person, until):%Y-%m-%d %H:%M}" if until else None
    await reply(update, texts.settings.paused(shown))


async def resume_command(update: Update, context: BotContext) -> None:
    """/resume: scheduled prompts again."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    if not person.is_paused(context.bot_data.clock()):
        await reply(update, texts.settings.NOT_PAUSED)
        return
    async with context.bot_data.database.unit_of_work() as uow:
        await uow.people.resume(person.id)
    await reply(update, texts.settings.RESUMED)
