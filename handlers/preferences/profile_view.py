"""A person's settings as plain lines, shared by /start (returning) and /settings."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

from engine.words import term_label
from handlers.weekly.setting import weekly_value
from i18n import Texts
from storage.records import Person, Schedule


def hhmm(value: dt.time | None, texts: Texts) -> str:
    """A wall-clock time as HH:MM, or "off"."""
    return value.strftime("%H:%M") if value is not None else texts.get("settings.off")


def settings_lines(
    person: Person, schedule: Schedule | None, now: dt.datetime, texts: Texts
) -> dict[str, str]:
    """Each setting's name and current value, in the person's language."""
    off = texts.get("settings.off")
    values = {texts.get("settings.name.timezone"): person.timezone or texts.get("settings.not_set")}
    if schedule is not None:
        every = schedule.hydration_every_minutes
        values[texts.get("settings.name.water_reminders")] = (
            texts.get(
                "settings.hydration_value",
                start=hhmm(schedule.hydration_start, texts),
                end=hhmm(schedule.hydration_end, texts),
                hours=every // 60,
            )
            if every
            else off
        )
        values[texts.get("settings.name.stretch")] = hhmm(schedule.stretch_at, texts)
        values[texts.get("settings.name.checkin")] = hhmm(schedule.checkin_at, texts)
        quiet = (
            f"{hhmm(schedule.quiet_start, texts)}-{hhmm(schedule.quiet_end, texts)}"
            if schedule.quiet_start and schedule.quiet_end
            else off
        )
        values[texts.get("settings.name.quiet_hours")] = quiet
        values[texts.get("settings.name.weekly")] = weekly_value(schedule.weekly_day, texts)
    values[texts.get("settings.name.water_goal")] = texts.get(
        "settings.goal_value", ml=person.water_goal_ml
    )
    conditions = [term_label(c, texts) for c in person.conditions]
    medications = [term_label(m, texts) for m in person.medications]
    none_given = texts.get("settings.none_given")
    values[texts.get("settings.name.conditions")] = ", ".join(conditions) or none_given
    values[texts.get("settings.name.medicines")] = ", ".join(medications) or none_given
    values[texts.get("settings.name.language")] = person.language
    if person.is_paused(now):
        until = person.paused_until
        zone = ZoneInfo(person.timezone) if person.timezone else dt.UTC
        values[texts.get("settings.name.reminders")] = (
            texts.get(
                "settings.paused_value_until", until=f"{until.astimezone(zone):%Y-%m-%d %H:%M}"
            )
            if until
            else texts.get("settings.paused_value")
        )
    return values


def current_settings(
    person: Person, schedule: Schedule | None, now: dt.datetime, texts: Texts
) -> str:
    """The /settings message: the person's settings, one per line, and how to change one."""
    lines = [texts.get("settings.title")]
    values = settings_lines(person, schedule, now, texts)
    lines += [f"{html.escape(k)}: {html.escape(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n\n" + texts.get("settings.settings_help")
