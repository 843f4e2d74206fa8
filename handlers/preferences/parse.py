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
