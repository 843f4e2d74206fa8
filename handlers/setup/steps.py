"""The setup flow's steps and the small parsers its typed answers need."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from enum import StrEnum

from storage.records import FlowState

GOAL_CHOICES = (1500, 2000, 2500, 3000)
GOAL_RANGE = (1500, 4000)

# One-tap guesses from Telegram's language code; the person can always type a city instead.
_GUESSES: dict[str, tuple[str, ...]] = {
    "en": ("Europe/London", "America/New_York", "America/Los_Angeles", "Australia/Sydney"),
    "de": ("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
    "fr": ("Europe/Paris", "Europe/Brussels", "America/Toronto"),
    "es": ("Europe/Madrid", "America/Mexico_City", "America/Bogota"),
    "it": ("Europe/Rome",),
    "ru": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk"),
    "hi": ("Asia/Kolkata",),
    "pt": ("Europe/Lisbon", "America/Sao_Paulo"),
    "nl": ("Europe/Amsterdam",),
    "pl": ("Europe/Warsaw",),
}
_TIME = re.compile(r"^\s*(?:it'?s\s+)?(\d{1,2})[:.h](\d{2})\s*(am|pm)?\s*$", re.I)


class Step(StrEnum):
    """Setup steps, in order."""

    TIMEZONE = "timezone"
    SCHEDULE = "schedule"
    GOAL = "goal"
    PROFILE = "profile"
    CONDITIONS = "conditions"
    MEDICATIONS = "medications"
    MED_CHANGED = "med_changed"
    TIMES = "times"  # "Change times" from the schedule step (last: codes stay as they were)


_CODES: dict[str, str] = {str(step): f"{i}" for i, step in enumerate(Step)}


def setup_token(flow: FlowState) -> str:
    """The button token of the setup flow's current step."""
    return flow.flow_id[:8] + _CODES.get(flow.step, "x")


def guess_zones(language: str) -> tuple[str, ...]:
    """Likely zones for a language code (empty when we have no good guess)."""
    return _GUESSES.get(language.split("-", maxsplit=1)[0].lower(), ())


def parse_local_time(text: str) -> tuple[int, int] | None:
    """(hour, minute) from "14:30", "2.30 pm", "it's 9:05"; None if it is not a clock time."""
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}\s*(?:am|pm)?", re.I)
_BETWEEN = re.compile(r"^[\s,;/&+-]*(?:and|then)?[\s,;/&+-]*$", re.I)


def parse_times(text: str) -> list[dt.time] | None:
    """One or more clock times from "8:30 21:00", "8.30, 9pm"... None when anything else is
    in the text or a time is not one."""
    found = list(_CLOCK.finditer(text))
    if not found:
        return None
    gaps = [text[: found[0].start()], text[found[-1].end() :]]
    gaps += [text[a.end() : b.start()] for a, b in itertools.pairwise(found)]
    if not all(_BETWEEN.match(gap) for gap in gaps):
        return None
    times = []
    for match in found:
        parsed = parse_local_time(match[0])
        if parsed is None:
            return None
        times.append(dt.time(*parsed))
    return times


def parse_goal(text: str) -> int | None:
    """A water goal in ml from "2500", "2500 ml" or "2.5 l", within the allowed range."""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(ml|l|litres?|liters?)?\s*", text.lower())
    if not match:
        return None
    amount = float(match[1].replace(",", "."))
    unit = match[2] or ("l" if amount < 10 else "ml")
    ml = round(amount * 1000) if unit.startswith("l") else round(amount)
    low, high = GOAL_RANGE
    return ml if low <= ml <= high else None
