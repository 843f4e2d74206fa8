"""The weekly summary (bot-v2 item 12): the seven days before the summary's day, in numbers
and plain words, with at most one pattern from the last four weeks (engine/patterns.py).

A week with nothing logged (no check-in, no water) gets no summary.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.dates import format_date

from engine.patterns import (
    LOW_WATER,
    NO_STRETCH_DAY_BEFORE,
    Pattern,
    find_pattern,
    low_water,
    no_stretch_day_before,
)
from engine.words import term_label
from i18n import MessageKey, Texts
from storage.records import DayRecord, StretchLog

WEEK_DAYS = 7
PATTERN_DAYS = 28  # the days a pattern is looked for in (the week and the three before)
_PATTERN_WORDS: dict[str, MessageKey] = {
    LOW_WATER: "weekly.pattern.low_water",
    NO_STRETCH_DAY_BEFORE: "weekly.pattern.no_stretch",
}


@dataclass(frozen=True, slots=True)
class RedFlagSeen:
    """A warning sign reported on one date."""

    date: dt.date
    red_flag: str


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What the week's message says, in numbers and ids."""

    first: dt.date
    last: dt.date
    checked_in: int
    water_logged: int
    water_at_goal: int
    goal_ml: int
    spasm_days: int
    red_flags: tuple[RedFlagSeen, ...]
    pattern: Pattern | None


def summarise(
    records: Sequence[DayRecord],
    stretch_logs: Iterable[StretchLog],
    *,
    last: dt.date,
    goal_ml: int,
) -> WeekSummary | None:
    """The week ending `last` (inclusive), with the pattern of the `PATTERN_DAYS` ending
    then; None when nothing was logged that week. `records` may reach further back."""
    first = last - dt.timedelta(days=WEEK_DAYS - 1)
    week = [r for r in records if first <= r.day.date <= last]
    checked = [r for r in week if r.checkins > 0]
    water = [r.day.water_ml for r in week if r.day.water_ml is not None]
    if not checked and not water:
        return None
    flags = tuple(RedFlagSeen(r.day.date, flag) for r in week for flag in r.day.red_flags)
    return WeekSummary(
        first=first,
        last=last,
        checked_in=len(checked),
        water_logged=len(water),
        water_at_goal=sum(1 for ml in water if ml >= goal_ml),
        goal_ml=goal_ml,
        spasm_days=sum(1 for r in checked if r.day.has_spasm),
        red_flags=flags,
        pattern=_pattern(records, stretch_logs, last=last, goal_ml=goal_ml),
    )


def _pattern(
    records: Sequence[DayRecord], stretch_logs: Iterable[StretchLog], *, last: dt.date, goal_ml: int
) -> Pattern | None:
    since = last - dt.timedelta(days=PATTERN_DAYS - 1)
    checked = [r.day for r in records if r.checkins > 0 and since <= r.day.date <= last]
    spasm_days = {day.date: day.has_spasm for day in checked}
    logs = [(log.local_date, log.outcome) for log in stretch_logs]
    candidates = (low_water(checked, goal_ml), no_stretch_day_before(spasm_days, logs))
    return find_pattern(spasm_days, candidates)


def render_summary(summary: WeekSummary, texts: Texts) -> str:
    """The summary as an HTML message."""
    span = texts.get(
        "weekly.title", first=_date(summary.first, texts), last=_date(summary.last, texts)
    )
    lines = [span, texts.get("weekly.checkins", n=summary.checked_in, days=WEEK_DAYS)]
    if summary.water_logged:
        lines.append(
            texts.count(
                "weekly.water",
                summary.water_logged,
                met=summary.water_at_goal,
                goal_ml=summary.goal_ml,
            )
        )
    else:
        lines.append(texts.get("weekly.no_water"))
    if summary.checked_in:
        lines.append(texts.count("weekly.spasms", summary.checked_in, spasm=summary.spasm_days))
    lines.append(_red_flags_line(summary.red_flags, texts))
    if summary.pattern is not None:
        lines += ["", pattern_sentence(summary.pattern, texts), texts.get("weekly.not_a_diagnosis")]
    lines += ["", texts.get("weekly.turn_off")]
    return "\n".join(lines)


def pattern_sentence(pattern: Pattern, texts: Texts) -> str:
    """The pattern as an observation in plain words."""
    return texts.get(
        _PATTERN_WORDS[pattern.id],
        ml=pattern.value,
        with_spasm=pattern.with_spasm,
        with_days=pattern.with_days,
        without_spasm=pattern.without_spasm,
        without_days=pattern.without_days,
    )


def _red_flags_line(flags: Sequence[RedFlagSeen], texts: Texts) -> str:
    if not flags:
        return texts.get("weekly.no_red_flags")
    seen = [
        texts.get(
            "weekly.red_flag_on",
            sign=html.escape(term_label(f.red_flag, texts)),
            date=_date(f.date, texts),
        )
        for f in flags
    ]
    return texts.get("weekly.red_flags", signs="; ".join(seen))


def _date(date: dt.date, texts: Texts) -> str:
    return format_date(date, "EEE d MMM", locale=texts.language)
