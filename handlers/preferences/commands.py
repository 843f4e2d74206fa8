"""/settings (the button menu, or `/settings KEY VALUE`), /pause [days] and /resume."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import local_now, local_today, person_or_start, reply, texts_of
from handlers.preferences.changes import Target
from handlers.preferences.menu import open_menu
from handlers.preferences.parse import parse_days
from handlers.preferences.table import BY_KEY, setting_for


async def settings_command(update: Update, context: BotContext) -> None:
    """/settings shows everything with a button for each; /settings KEY VALUE changes one."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    args = context.args or []
    if not args:
        await open_menu(update, context, person)
        return
    word, value = args[0].lower(), " ".join(args[1:]).strip()
    setting = setting_for(word)
    if setting is None:
        await reply(
            update, texts.get("settings.unknown_key") + " " + texts.get("settings.settings_help")
        )
        return
    now = context.bot_data.clock()
    async with context.bot_data.database.unit_of_work() as uow:
        target = Target(uow, person, now, local_today(person, now), texts, word=word)
        change = await setting.apply(target, value)
    answer = change.text
    example = BY_KEY[change.then].example if change.then else None
    if example is not None:
        answer += "\n" + texts.get(example)
    await reply(update, answer)


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
