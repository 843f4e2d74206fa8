"""What each setting does with a value, typed (`/settings KEY VALUE`, or in its menu step) or
pressed (a button's value is the same text): check it, store it, say what changed.

One function per setting, all of one shape (`Apply`), so the table in `table.py` can hold them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from engine.vocabulary import FieldName, canonical, ids
from engine.words import term_label
from handlers.common.conversation import local_now
from handlers.preferences import reading
from handlers.preferences.parse import (
    parse_age,
    parse_date,
    parse_days,
    parse_hydration,
    parse_range,
    parse_terms,
    parse_time,
)
from handlers.setup.steps import parse_goal
from handlers.setup.timezones import nearest_place, zones_from_text
from i18n import Texts, available_languages
from storage.records import AFTER_BIRTH, PREGNANCY_CONDITIONS, Person
from storage.unit_of_work import UnitOfWork

# How far from today a due date or a birth date may be.
DUE_AHEAD = dt.timedelta(weeks=43)
BIRTH_BEFORE = dt.timedelta(days=365)


@dataclass(frozen=True)
class Change:
    """What a value did: the words to show, whether it was stored, and the step to go on to
    (the due date after "pregnant")."""

    text: str
    saved: bool
    then: str | None = None


@dataclass(frozen=True)
class Target:
    """Whose setting changes, in which unit of work, on which date and in which words."""

    uow: UnitOfWork
    person: Person
    now: dt.datetime
    today: dt.date
    texts: Texts
    word: str | None = None  # the key as typed (`/settings checkin ...`), None from the menu


Apply = Callable[[Target, str], Awaitable[Change]]


def saved(texts: Texts, name: str, value: str, then: str | None = None) -> Change:
    """ "Saved: water goal is now 2500 ml." """
    return Change(texts.html("settings.saved", name=name, value=value), True, then)


def refused(text: str) -> Change:
    """The value was not usable; nothing changed."""
    return Change(text, False)


def _said(text: str, texts: Texts, key: str) -> bool:
    words = {w.strip() for w in texts.lookup(key).lower().split(",")}
    return text.strip().lower() in words


def _is_off(text: str, texts: Texts) -> bool:
    return text.strip().lower() in {"off", texts.get("settings.off").lower()}


async def timezone(target: Target, value: str) -> Change:
    """A place or zone name; several zones are listed, a near miss is offered by name."""
    texts = target.texts
    zones = zones_from_text(value) if value else ()
    if len(zones) == 1:
        await target.uow.people.set_timezone(target.person.id, zones[0])
        return saved(texts, texts.get("settings.name.timezone"), zones[0])
    ask = texts.get("settings.ask_timezone")
    if zones:
        return refused(ask + " (" + ", ".join(zones[:5]) + ")")
    place = nearest_place(value) if value else None
    if place is not None:
        return refused(ask + " " + texts.html("settings.did_you_mean", place=place.title()))
    return refused(ask)


def _daily_time(kind: str) -> Apply:
    async def apply(target: Target, value: str) -> Change:
        texts = target.texts
        at = None if _is_off(value, texts) else parse_time(value)
        if at is None and not _is_off(value, texts):
            return refused(texts.get("settings.bad_time"))
        schedules = target.uow.schedules
        setter = schedules.set_stretch if kind == "stretch" else schedules.set_checkin
        await setter(target.person.id, at)
        name = texts.get("settings.name.stretch" if kind == "stretch" else "settings.name.checkin")
        # A typed command answers with the setting's word as the person typed it.
        shown = value.strip() if at else texts.get("settings.off")
        return saved(texts, target.word or name, shown)

    return apply


checkin = _daily_time("checkin")
stretch = _daily_time("stretch")


async def hydration(target: Target, value: str) -> Change:
    """ "09:00-21:00 every 3h", or off."""
    texts, schedules = target.texts, target.uow.schedules
    name = texts.get("settings.name.water_reminders")
    if _is_off(value, texts):
        current = await schedules.get(target.person.id)
        assert current is not None
        await schedules.set_hydration(
            target.person.id, current.hydration_start, current.hydration_end, None
        )
        return saved(texts, name, texts.get("settings.off"))
    parsed = parse_hydration(value)
    if parsed is None:
        return refused(texts.get("settings.bad_hydration"))
    await schedules.set_hydration(target.person.id, *parsed)
    return saved(texts, name, value.strip())


async def goal(target: Target, value: str) -> Change:
    """Millilitres a day, 1500-4000."""
    texts = target.texts
    ml = parse_goal(value)
    if ml is None:
        return refused(texts.get("settings.bad_goal"))
    await target.uow.people.set_water_goal(target.person.id, ml)
    return saved(
        texts, texts.get("settings.name.water_goal"), texts.get("settings.goal_value", ml=ml)
    )


async def quiet(target: Target, value: str) -> Change:
    """ "22:00-07:00", or off."""
    texts = target.texts
    name = texts.get("settings.name.quiet_hours")
    if _is_off(value, texts):
        await target.uow.schedules.set_quiet_hours(target.person.id, None, None)
        return saved(texts, name, texts.get("settings.off"))
    parsed = parse_range(value)
    if parsed is None:
        return refused(texts.get("settings.bad_range"))
    await target.uow.schedules.set_quiet_hours(target.person.id, *parsed)
    return saved(texts, name, value.strip())


async def language(target: Target, value: str) -> Change:
    """A language we have a catalog for."""
    texts, code = target.texts, value.strip().lower()
    if code not in available_languages():
        return refused(texts.get("settings.bad_language"))
    await target.uow.people.set_language(target.person.id, code)
    return saved(texts, texts.get("settings.name.language"), code)


async def pause(target: Target, value: str) -> Change:
    """A number of days (1-90), "on" (until resumed) or "off" (resume now)."""
    texts, people, value = target.texts, target.uow.people, value.strip().lower()
    if value == "off":
        await people.resume(target.person.id)
        return Change(texts.get("settings.resumed"), True)
    if value == "on":
        await people.pause_until(target.person.id, None)
        return Change(texts.get("settings.paused"), True)
    days = parse_days(value)
    if days is None:
        return refused(texts.get("settings.bad_pause_setting"))
    until = target.now + dt.timedelta(days=days)
    await people.pause_until(target.person.id, until)
    shown = f"{local_now(target.person, until):%Y-%m-%d %H:%M}"
    return Change(texts.html("settings.paused_until", until=shown), True)


def term_names(field: FieldName, texts: Texts, allowed: tuple[str, ...]) -> dict[str, str]:
    """Lower-case label, id and id with spaces -> id, for typed lists."""
    names: dict[str, str] = {}
    for term_id in allowed:
        for name in (term_label(term_id, texts), term_id, term_id.replace("_", " ")):
            names[name.lower()] = term_id
    return names


def listed_conditions() -> tuple[str, ...]:
    """The conditions offered in /settings conditions (pregnancy has its own setting)."""
    return tuple(c for c in ids("conditions") if c not in PREGNANCY_CONDITIONS)


async def conditions(target: Target, value: str) -> Change:
    """A list of conditions ("diabetes, kidney stones") or none; pregnancy is kept as it was."""
    texts, person = target.texts, target.person
    chosen = _terms("conditions", value, texts, listed_conditions())
    if chosen is None:
        return refused(texts.get("settings.bad_conditions"))
    kept = [c for c in person.conditions if c in PREGNANCY_CONDITIONS]
    await target.uow.people.set_conditions(person.id, [*chosen, *kept])
    shown = ", ".join(term_label(c, texts) for c in chosen) or texts.get("settings.none_given")
    return saved(texts, texts.get("settings.name.conditions"), shown)


async def medicines(target: Target, value: str) -> Change:
    """A list of medicines ("statin, diuretic") or none."""
    texts = target.texts
    chosen = _terms("medications", value, texts, ids("medications"))
    if chosen is None:
        return refused(texts.get("settings.bad_medicines"))
    await target.uow.people.set_medications(target.person.id, chosen)
    shown = ", ".join(term_label(m, texts) for m in chosen) or texts.get("settings.none_given")
    return saved(texts, texts.get("settings.name.medicines"), shown)


def _terms(
    field: FieldName, value: str, texts: Texts, allowed: tuple[str, ...]
) -> list[str] | None:
    """The ids typed or ticked, in the vocabulary's order; [] for "none"."""
    if value.strip().lower() == "none" or _said(value, texts, "words.no"):
        return []
    found = parse_terms(value, term_names(field, texts, allowed))
    return None if found is None else list(canonical(field, tuple(found)))


async def age(target: Target, value: str) -> Change:
    """Whole years, 1-120, or off to forget it."""
    texts = target.texts
    name = texts.get("settings.name.age")
    if _is_off(value, texts):
        await target.uow.people.set_age(target.person.id, None)
        return saved(texts, name, texts.get("settings.not_set"))
    years = parse_age(value)
    if years is None:
        return refused(texts.get("settings.bad_age"))
    await target.uow.people.set_age(target.person.id, years)
    return saved(texts, name, texts.get("settings.age_value", years=years))


def month_names(texts: Texts) -> dict[str, int]:
    """Month names of the person's language and English, wide and short, lower case."""
    names: dict[str, int] = {}
    for code in dict.fromkeys(["en", texts.language.replace("-", "_")]):
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for number, name in locale.months["format"][width].items():
                names[name.lower().rstrip(".")] = number
    return names


async def pregnancy(target: Target, value: str) -> Change:
    """yes (then the due date), a due date, "birth" (then its date) or no."""
    texts, people, person = target.texts, target.uow.people, target.person
    name = texts.get("settings.name.pregnancy")
    if not value.strip():
        return refused(texts.get("settings.bad_pregnancy"))
    if value.strip().lower() == "birth":
        return Change(texts.get("settings.ask_birth_date"), False, "birth")
    if _said(value, texts, "words.no"):
        await people.set_pregnancy(person.id, False, None)
        return saved(texts, name, texts.get("settings.not_pregnant_value"))
    if _said(value, texts, "words.yes"):
        await people.set_pregnancy(person.id, True, None)
        return saved(texts, name, texts.get("settings.pregnant_value"), then="due")
    return await due(target, value)


async def due(target: Target, value: str) -> Change:
    """The due date of a pregnancy (up to about 43 weeks ahead)."""
    texts, today = target.texts, target.today
    date = parse_date(value, today, month_names(texts))
    if date is None or not today - AFTER_BIRTH < date <= today + DUE_AHEAD:
        return refused(texts.get("settings.bad_due_date"))
    await target.uow.people.set_pregnancy(target.person.id, True, date)
    value_text = texts.get("settings.pregnant_due_value", date=reading.long_date(date, texts))
    return saved(texts, texts.get("settings.name.pregnancy"), value_text)


async def birth(target: Target, value: str) -> Change:
    """The date of a birth (or a pregnancy's end) in the last year: the 6 weeks after it count."""
    texts, today = target.texts, target.today
    date = (
        today
        if value.strip().lower() == "today" or _said(value, texts, "words.today")
        else parse_date(value, today - dt.timedelta(days=366), month_names(texts))
    )
    if date is None or not today - BIRTH_BEFORE <= date <= today:
        return refused(texts.get("settings.bad_birth_date"))
    # Kept as a pregnancy that ended the day before: from the birth date on, the 6 weeks count.
    ended = date - dt.timedelta(days=1)
    await target.uow.people.set_pregnancy(target.person.id, True, ended)
    until = reading.long_date(ended + AFTER_BIRTH, texts)
    value_text = texts.get("settings.gave_birth_value_until", date=until)
    return saved(texts, texts.get("settings.name.pregnancy"), value_text)
