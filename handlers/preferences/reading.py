"""How each setting's current value reads, in the person's language (pure, no Telegram)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import UnknownLocaleError
from babel.dates import format_date

from engine.words import term_label
from i18n import Texts
from storage.records import AFTER_BIRTH, PREGNANCY_CONDITIONS, Person, Schedule


@dataclass(frozen=True)
class Seen:
    """Everything a setting's value is read from: the person, their schedule, their own date
    and the times of theirs whose prompts are spread out ("around 09:00")."""

    person: Person
    schedule: Schedule | None
    now: dt.datetime
    texts: Texts
    around: frozenset[dt.time] = frozenset()

    @property
    def today(self) -> dt.date:
        """The person's own date."""
        zone = ZoneInfo(self.person.timezone) if self.person.timezone else dt.UTC
        return self.now.astimezone(zone).date()


def hhmm(value: dt.time | None, texts: Texts) -> str:
    """A wall-clock time as HH:MM, or "off"."""
    return value.strftime("%H:%M") if value is not None else texts.get("settings.off")


def clock(value: dt.time | None, seen: Seen) -> str:
    """A prompt's time: "around 09:00" when its prompts are spread out, else "09:00"."""
    shown = hhmm(value, seen.texts)
    if value is not None and value in seen.around:
        return seen.texts.get("settings.around_time", time=shown)
    return shown


def timezone(seen: Seen) -> str:
    """The zone name, or "not set"."""
    return seen.person.timezone or seen.texts.get("settings.not_set")


def hydration(seen: Seen) -> str:
    """ "09:00-21:00 every 3h", with the spread-out times "(around 09:00, 12:00)", or "off"."""
    schedule, texts = seen.schedule, seen.texts
    if schedule is None or not schedule.hydration_every_minutes:
        return texts.get("settings.off")
    value = texts.get(
        "settings.hydration_value",
        start=hhmm(schedule.hydration_start, texts),
        end=hhmm(schedule.hydration_end, texts),
        hours=schedule.hydration_every_minutes // 60,
    )
    step = dt.timedelta(minutes=schedule.hydration_every_minutes)
    spread = sorted(t for t in seen.around if _in_window(t, schedule, step))
    if not spread:
        return value
    times = ", ".join(hhmm(t, texts) for t in spread)
    return value + " " + texts.get("settings.hydration_around", times=times)


def _in_window(at: dt.time, schedule: Schedule, step: dt.timedelta) -> bool:
    start = dt.datetime.combine(dt.date(2000, 1, 1), schedule.hydration_start)
    offset = dt.datetime.combine(start.date(), at) - start
    return (
        schedule.hydration_start <= at <= schedule.hydration_end and offset % step == dt.timedelta()
    )


def stretch(seen: Seen) -> str:
    """The stretch prompt's time."""
    return clock(seen.schedule.stretch_at if seen.schedule else None, seen)


def checkin(seen: Seen) -> str:
    """The evening check-in's time."""
    return clock(seen.schedule.checkin_at if seen.schedule else None, seen)


def quiet(seen: Seen) -> str:
    """ "22:00-07:00", or "off"."""
    schedule, texts = seen.schedule, seen.texts
    if schedule is None or not (schedule.quiet_start and schedule.quiet_end):
        return texts.get("settings.off")
    return f"{hhmm(schedule.quiet_start, texts)}-{hhmm(schedule.quiet_end, texts)}"


def goal(seen: Seen) -> str:
    """ "2000 ml"."""
    return seen.texts.get("settings.goal_value", ml=seen.person.water_goal_ml)


def language(seen: Seen) -> str:
    """The language code."""
    return seen.person.language


def reminders(seen: Seen) -> str:
    """ "on", "paused" or "paused until ..." (local time)."""
    person, texts = seen.person, seen.texts
    if not person.is_paused(seen.now):
        return texts.get("settings.on")
    until = person.paused_until
    if until is None:
        return texts.get("settings.paused_value")
    zone = ZoneInfo(person.timezone) if person.timezone else dt.UTC
    return texts.get(
        "settings.paused_value_until", until=f"{until.astimezone(zone):%Y-%m-%d %H:%M}"
    )


def conditions(seen: Seen) -> str:
    """The conditions other than pregnancy (it has its own setting), or "none given"."""
    shown = [c for c in seen.person.conditions if c not in PREGNANCY_CONDITIONS]
    return _labels(shown, seen.texts)


def medicines(seen: Seen) -> str:
    """The medicines, or "none given"."""
    return _labels(seen.person.medications, seen.texts)


def _labels(ids: tuple[str, ...] | list[str], texts: Texts) -> str:
    return ", ".join(term_label(i, texts) for i in ids) or texts.get("settings.none_given")


def age(seen: Seen) -> str:
    """The age in years, or "not set"."""
    if seen.person.age is None:
        return seen.texts.get("settings.not_set")
    return seen.texts.get("settings.age_value", years=seen.person.age)


def pregnancy(seen: Seen) -> str:
    """Pregnant (due when), gave birth (when), or "no", as it applies on the person's date."""
    person, texts, today = seen.person, seen.texts, seen.today
    applying = person.conditions_on(today)
    due = person.pregnancy_due
    if "pregnancy" in applying:
        if due is None:
            return texts.get("settings.pregnant_value")
        return texts.get("settings.pregnant_due_value", date=long_date(due, texts))
    if "recently_gave_birth" in applying:
        if due is None or "pregnancy" not in person.conditions:
            return texts.get("settings.gave_birth_value")
        until = long_date(due + AFTER_BIRTH, texts)
        return texts.get("settings.gave_birth_value_until", date=until)
    return texts.get("settings.not_pregnant_value")


def long_date(date: dt.date, texts: Texts) -> str:
    """A date as the person's language writes it ("12 March 2027")."""
    try:
        return format_date(date, "d MMMM y", locale=texts.language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return date.isoformat()
