"""Parse the values of `/settings KEY VALUE` (pure functions, no Telegram)."""

from __future__ import annotations

import datetime as dt
import re

HYDRATION_EVERY_HOURS = range(1, 7)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_HYDRATION = re.compile(
    r"^(?P<start>\S+)\s*-\s*(?P<end>\S+)\s+every\s+(?P<hours>\d)\s*h(ours?)?$", re.I
)


def parse_time(text: str) -> dt.time | None:
    """A wall-clock time like "20:30" or "8.00"; None if it is not one."""
    match = _TIME.match(text.strip())
    return dt.time(int(match[1]), int(match[2])) if match else None


def parse_range(text: str) -> tuple[dt.time, dt.time] | None:
    """A range like "22:00-07:00" (it may cross midnight)."""
    parts = [part.strip() for part in text.split("-")]
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    return (start, end) if start and end and start != end else None


def parse_hydration(text: str) -> tuple[dt.time, dt.time, int] | None:
    """ "09:00-21:00 every 3h" -> (start, end, minutes); the window must not cross midnight."""
    match = _HYDRATION.match(text.strip())
    if not match:
        return None
    start, end = parse_time(match["start"]), parse_time(match["end"])
    hours = int(match["hours"])
    if not start or not end or start >= end or hours not in HYDRATION_EVERY_HOURS:
        return None
    return start, end, hours * 60


def parse_days(text: str) -> int | None:
    """A number of days from 1 to 90."""
    text = text.strip()
    # isdigit() also takes "²" and other digits int() refuses: ASCII digits only.
    if not (text.isascii() and text.isdecimal()):
        return None
    return int(text) if 1 <= int(text) <= 90 else None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+([^\W\d]+)|([^\W\d]+)\s+(\d{1,2}))(?:,?\s+(\d{4}))?$")


def parse_date(text: str, today: dt.date, month_names: dict[str, int]) -> dt.date | None:
    """A calendar date: "2027-03-12", "12.03.2027", "12 March 2027", "March 12" (the next one
    from `today` when the year is left out). `month_names` maps lower-case month names (and
    their short forms) of the person's language to 1-12."""
    text = text.strip().lower().rstrip(".")
    year: int | None
    if match := _ISO_DATE.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _WORDS.match(text):
        day = int(match[1] or match[4])
        name = (match[2] or match[3]).rstrip(".")
        if name not in month_names:
            return None
        month, year = month_names[name], int(match[5]) if match[5] else None
    else:
        return None
    try:
        if year is not None:
            return dt.date(year, month, day)
        this_year = dt.date(today.year, month, day)
        return this_year if this_year >= today else dt.date(today.year + 1, month, day)
    except ValueError:
        return None  # the 31st of a 30-day month, month 13, ...


def parse_age(text: str) -> int | None:
    """An age in whole years from 1 to 120."""
    text = text.strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    return int(text) if 1 <= int(text) <= 120 else None


def parse_terms(text: str, names: dict[str, str]) -> list[str] | None:
    """Vocabulary ids from a list typed with commas or "and" ("diabetes, kidney stones");
    `names` maps each lower-case label, id and id with spaces to its id. None if any part is
    unknown; an empty list for "none"."""
    parts = [p.strip().lower() for p in re.split(r",|;|\band\b|\+", text) if p.strip()]
    if not parts:
        return None
    chosen = [names.get(part) or _by_start(part, names) for part in parts]
    if any(found is None for found in chosen):
        return None
    return list(dict.fromkeys(found for found in chosen if found))


def _by_start(part: str, names: dict[str, str]) -> str | None:
    """The one id whose names start with `part` ("kidney stones" -> kidney_stones_history)."""
    found = {term_id for name, term_id in names.items() if name.startswith(part)}
    return found.pop() if len(found) == 1 and len(part) >= 3 else None
