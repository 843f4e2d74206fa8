"""/stats for operators: aggregate counts only, never one person's data."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import reply, texts_of
from handlers.common.fallbacks import unknown_command

STATS_DAYS = 7


async def stats_command(update: Update, context: BotContext) -> None:
    """Counts of people, check-ins per day and triage levels per day; admins only."""
    user = update.effective_user
    if user is None or user.id not in context.bot_data.admin_ids:
        await unknown_command(update, context)  # to everyone else it does not exist
        return
    now = context.bot_data.clock()
    since = (now - dt.timedelta(days=STATS_DAYS)).date()
    async with context.bot_data.database.unit_of_work() as uow:
        people = await uow.people.counts(now)
        checkins = await uow.stats.checkins_per_day(since)
        triage = await uow.stats.triage_per_day(since)
    counts = {
        "people": people.total,
        "active": people.active,
        "paused": people.paused,
        "blocked": people.blocked,
    }
    text = texts_of(update).data.stats(
        counts,
        {day.isoformat(): n for day, n in sorted(checkins.items())},
        {day.isoformat(): levels for day, levels in sorted(triage.items())},
    )
    await reply(update, text)
