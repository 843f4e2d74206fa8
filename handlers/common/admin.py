"""/stats for operators: aggregate counts only, never one person's data."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from handlers.common.context import BotContext
from handlers.common.conversation import reply, texts_of
from handlers.common.fallbacks import unknown_command
from i18n import Texts

STATS_DAYS = 7


async def stats_command(update: Update, context: BotContext) -> None:
    """Counts of people, check-ins per day and triage levels per day; admins only."""
    user = update.effective_user
    if user is None or user.id not in context.bot_data.admin_ids:
        await unknown_command(update, context)  # to everyone else it does not exist
        return
    texts = texts_of(update)
    now = context.bot_data.clock()
    since = (now - dt.timedelta(days=STATS_DAYS)).date()
    async with context.bot_data.database.unit_of_work() as uow:
        people = await uow.people.counts(now)
        checkins = await uow.stats.checkins_per_day(since)
        triage = await uow.stats.triage_per_day(since)
    counts = {
        texts.get("data.stats_people"): people.total,
        texts.get("data.stats_active"): people.active,
        texts.get("data.stats_paused"): people.paused,
        texts.get("data.stats_blocked"): people.blocked,
    }
    text = stats_text(
        texts,
        counts,
        {day.isoformat(): n for day, n in sorted(checkins.items())},
        {day.isoformat(): levels for day, levels in sorted(triage.items())},
    )
    await reply(update, text)


def stats_text(
    texts: Texts,
    counts: dict[str, int],
    checkins: dict[str, int],
    triage: dict[str, dict[str, int]],
) -> str:
    """Aggregate counts for operators: people, check-ins and answers by triage level per day."""
    none_yet = texts.get("data.stats_none_yet")
    lines = [texts.get("data.stats_title"), ""]
    lines += [f"{name}: {value}" for name, value in counts.items()]
    lines += ["", texts.get("data.stats_checkins_per_day")]
    lines += [f"{day}: {n}" for day, n in checkins.items()] or [none_yet]
    lines += ["", texts.get("data.stats_triage_per_day")]
    for day, levels in triage.items():
        shown = ", ".join(f"{level} {n}" for level, n in levels.items())
        lines.append(f"{day}: {shown}")
    if not triage:
        lines.append(none_yet)
    return "\n".join(lines)
