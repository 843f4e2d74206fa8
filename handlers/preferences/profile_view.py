"""A person's settings as plain lines, shared by /start (returning) and /settings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from engine.vocabulary import vocabulary
from handlers.common.context import BotData
from storage.records import Person, Schedule


def hhmm(value: dt.time | None, around: frozenset[dt.time] = frozenset()) -> str:
    """A wall-clock time as HH:MM ("around HH:MM" when its slot is spread out), or "off"."""
    if value is None:
        return "off"
    return f"around {value:%H:%M}" if value in around else f"{value:%H:%M}"


def around_times(data: BotData, person: Person, schedule: Schedule | None) -> frozenset[dt.time]:
    """The person's times whose prompts are spread out (shown as "around")."""
    if schedule is None or person.timezone is None:
        return frozenset()
    return data.around_times(schedule, person.timezone)


def settings_lines(
    person: Person,
    schedule: Schedule | None,
    now: dt.datetime,
    around: frozenset[dt.time] = frozenset(),
) -> dict[str, str]:
    """Each setting's name and current value; times in `around` are sent "around" them."""
    vocab = vocabulary()
    values = {"time zone": person.timezone or "not set"}
    if schedule is not None:
        every = schedule.hydration_every_minutes
        start, end = hhmm(schedule.hydration_start), hhmm(schedule.hydration_end)
        spread = any(t in around for t in _hydration_times(schedule))
        values["water reminders"] = (
            f"{'around ' if spread else ''}{start}-{end} every {every // 60}h" if every else "off"
        )
        values["stretch"] = hhmm(schedule.stretch_at, around)
        values["check-in"] = hhmm(schedule.checkin_at, around)
        quiet = (
            f"{hhmm(schedule.quiet_start)}-{hhmm(schedule.quiet_end)}"
            if schedule.quiet_start and schedule.quiet_end
            else "off"
        )
        values["quiet hours"] = quiet
    values["water goal"] = f"{person.water_goal_ml} ml"
    conditions = [vocab.label("conditions", c) for c in person.conditions]
    medications = [vocab.label("medications", m) for m in person.medications]
    values["conditions"] = ", ".join(conditions) or "none given"
    values["medicines"] = ", ".join(medications) or "none given"
    values["language"] = person.language
    if person.is_paused(now):
        until = person.paused_until
        zone = ZoneInfo(person.timezone) if person.timezone else dt.UTC
        values["reminders"] = "paused" + (
            f" until {until.astimezone(zone):%Y-%m-%d %H:%M}" if until else ""
        )
    return values


def _hydration_times(schedule: Schedule) -> list[dt.time]:
    every = schedule.hydration_every_minutes
    if not every:
        return []
    start = schedule.hydration_start.hour * 60 + schedule.hydration_start.minute
    end = schedule.hydration_end.hour * 60 + schedule.hydration_end.minute
    return [dt.time(m // 60, m % 60) for m in range(start, end + 1, every)]
