"""A person's settings as plain lines, shared by /start (returning) and /settings."""

from __future__ import annotations

import html

from handlers.common.context import BotContext
from handlers.preferences.reading import Seen
from handlers.preferences.table import settings_lines
from i18n import Texts
from storage.records import Person, Schedule


def seen_by(context: BotContext, person: Person, schedule: Schedule | None, texts: Texts) -> Seen:
    """What the listing reads, now: with the person's times whose prompts are spread out."""
    around = (
        context.bot_data.around_times(schedule, person.timezone)
        if schedule is not None and person.timezone is not None
        else frozenset()
    )
    return Seen(person, schedule, context.bot_data.clock(), texts, around)


def settings_listing(seen: Seen) -> str:
    """The person's settings, one per line, under the title."""
    lines = [seen.texts.get("settings.title")]
    lines += [f"{html.escape(k)}: {html.escape(v)}" for k, v in settings_lines(seen).items()]
    return "\n".join(lines)


def current_settings(seen: Seen) -> str:
    """The settings and how to change one by typing."""
    return settings_listing(seen) + "\n\n" + seen.texts.get("settings.settings_help")
