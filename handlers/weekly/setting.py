"""The `weekly` setting: `/settings weekly off|on|DAY` and how its value reads.

Days are weekday names in the person's language or English, full or short ("sunday", "Sun"),
from the CLDR data Babel ships; "on" keeps the chosen day, or Monday after "off".
"""

from __future__ import annotations

from babel import Locale
from babel.dates import get_day_names

from handlers.preferences.changes import Change, Target
from handlers.preferences.reading import Seen
from i18n import Texts
from storage.records import DEFAULT_WEEKLY_DAY

KEYS = ("weekly", "week", "summary")
_ON = "on"
_OFF = "off"


def weekday_number(text: str, texts: Texts) -> int | None:
    """The ISO weekday (1 Monday ... 7 Sunday) a typed day name means, or None."""
    wanted = text.strip().casefold().rstrip(".")
    for language in dict.fromkeys((texts.language, "en")):
        locale = Locale.parse(language)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_day_names(width, context, locale)
                for index, name in names.items():
                    if name.casefold().rstrip(".") == wanted:
                        return int(index) + 1
    return None


def weekday_name(day: int, texts: Texts) -> str:
    """An ISO weekday's name in the texts' language."""
    return str(get_day_names("wide", "format", Locale.parse(texts.language))[day - 1])


def weekly_value(day: int | None, texts: Texts) -> str:
    """The setting as /settings shows it: "Monday, at your check-in time", or "off"."""
    if day is None:
        return texts.get("settings.off")
    return texts.get("weekly.setting_value", day=weekday_name(day, texts))


def weekly_options(texts: Texts) -> list[tuple[str, str]]:
    """(button label, value for `apply_weekly`) for a settings menu: each day, then off."""
    english = Locale.parse("en")
    days = [
        (weekday_name(day, texts), str(get_day_names("wide", "format", english)[day - 1]))
        for day in range(1, 8)
    ]
    return [*days, (texts.get("settings.button_off"), _OFF)]


def read_weekly(seen: Seen) -> str:
    """The setting's value in the /settings listing."""
    return weekly_value(seen.schedule.weekly_day if seen.schedule else None, seen.texts)


async def apply_weekly(target: Target, value: str) -> Change:
    """Turn the summary off or on, or move it to another day (a row of the settings table)."""
    texts, uow, person_id = target.texts, target.uow, target.person.id
    word = value.strip().casefold()
    if word in (_OFF, texts.get("settings.off").casefold()):
        await uow.schedules.set_weekly(person_id, None)
        return Change(texts.get("weekly.turned_off"), saved=True)
    if word in (_ON, texts.get("settings.on").casefold()):
        schedule = await uow.schedules.get(person_id)
        day = schedule.weekly_day if schedule and schedule.weekly_day else DEFAULT_WEEKLY_DAY
    elif (chosen := weekday_number(value, texts)) is not None:
        day = chosen
    else:
        return Change(texts.get("weekly.bad_value"), saved=False)
    await uow.schedules.set_weekly(person_id, day)
    return Change(texts.html("weekly.turned_on", day=weekday_name(day, texts)), saved=True)
