"""A person's settings as plain lines, shared by /start (returning) and /settings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from engine.vocabulary import vocabulary
from storage.records import Person, Schedule


def hhmm(value: dt.time | None) -> str:
    """A wall-clock time as HH:MM, or "off"."""
    return value.strftime("%H:%M") if value is not None else "off"


def settings_lines(person: Person, schedule: Schedule | None, now: dt.datetime) -> dict[str, str]:
    """Each setting's name and current value."""
    vocab = vocabulary()
    values = {"time zone": person.timezone or "not set"}
    if schedule is not None:
        every = schedule.hydration_every_minutes
        values["water reminders"] = (
            f"{hhmm(schedule.hydration_start)}-{hhmm(schedule.hydration_end)} every {every // 60}h"
            if every
            else "off"
        )
        values["stretch"] = hhmm(schedule.stretch_at)
        values["check-in"] = hhmm(schedule.checkin_at)
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
