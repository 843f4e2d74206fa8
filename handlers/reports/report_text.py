"""The words of the /report PDF: each table row and summary line as plain strings.

Kept apart from the layout in `pdf` so the content can be read and tested without a PDF.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date

from engine.types import TriageLevel
from handlers.reports.labels import plain_label, plain_labels, texts_or_english, triage_short
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject
from i18n import Texts

DASH = "–"


def day_label(date: dt.date, texts: Texts | None = None) -> str:
    """A date as the report shows it: weekday and ISO date, e.g. "Mon 2026-03-02"."""
    weekday = format_date(date, "EEE", locale=texts_or_english(texts).language)
    return f"{weekday} {date.isoformat()}"


def period_line(end_date: dt.date, n_days: int, texts: Texts | None = None) -> str:
    """The report's period in words."""
    texts = texts_or_english(texts)
    start = end_date - dt.timedelta(days=n_days - 1)
    return texts.count(
        "report.period", n_days, start=day_label(start, texts), end=day_label(end_date, texts)
    )


def clean_name(name: str) -> str:
    """The display name on one line, without control, format or unassigned characters."""
    chars = (
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch
        for ch in name
        if unicodedata.category(ch) not in {"Cf", "Cs", "Co", "Cn"}
    )
    return " ".join("".join(chars).split())[:128]


def subject_lines(subject: ReportSubject, texts: Texts) -> list[tuple[str, str]]:
    """The "who" block as (label, value) pairs; the name comes first."""
    not_given = texts.get("report.not_given")
    return [
        (texts.get("report.subject.name"), clean_name(subject.display_name) or not_given),
        (texts.get("report.subject.age_band"), subject.age_band or not_given),
        (
            texts.get("report.subject.conditions"),
            plain_labels("conditions", subject.conditions, texts) or not_given,
        ),
        (
            texts.get("report.subject.medications"),
            plain_labels("medications", subject.medications, texts) or not_given,
        ),
        (
            texts.get("report.subject.water_goal"),
            texts.get("report.water_goal_value", ml=subject.water_goal_ml),
        ),
        (texts.get("report.subject.time_zone"), subject.time_zone),
    ]


def glance_line(
    window: Sequence[tuple[dt.date, DaySummary | None]], goal_ml: int, texts: Texts
) -> str:
    """One line of totals over the period."""
    days = [day for _, day in window if day is not None]
    water = [day.water_ml for day in days if day.water_ml is not None]
    spasm_days = [day for day in days if day.spasm_count > 0]
    severities = [day.max_severity for day in spasm_days if day.max_severity is not None]
    at_goal = sum(1 for ml in water if ml >= goal_ml)
    spasms = (
        texts.get("report.glance.spasms_worst", days=len(spasm_days), worst=max(severities))
        if severities
        else texts.get("report.glance.spasms", days=len(spasm_days))
    )
    return " · ".join(
        (
            texts.get("report.glance.days", days=len(days), total=len(window)),
            texts.get("report.glance.checkins", n=sum(1 for day in days if day.checked_in)),
            texts.get("report.glance.water", met=at_goal, logged=len(water)),
            spasms,
            texts.get("report.glance.red_flags", n=sum(1 for day in days if day.red_flags)),
        )
    )


def _spasm_cell(day: DaySummary, texts: Texts) -> str:
    if not day.checked_in and day.spasm_count == 0:
        return DASH
    if day.spasm_count == 0:
        return texts.get("report.cell.no_spasms")
    if day.max_severity is None:
        return str(day.spasm_count)
    return texts.get("report.cell.spasms_max", count=day.spasm_count, max=day.max_severity)


def _water_cell(day: DaySummary, goal_ml: int) -> str:
    if day.water_ml is None:
        return DASH
    return f"{day.water_ml} ({round(100 * day.water_ml / goal_ml)}%)"


@dataclass(frozen=True, slots=True)
class DailyRow:
    """One row of the daily table; `cells` is None for a date with no record."""

    date: str
    cells: tuple[str, str, str, str, str, str] | None
    triage: TriageLevel | None


def daily_headings(texts: Texts) -> tuple[str, ...]:
    """The daily table's column headings."""
    columns = ("date", "water", "spasms", "where", "urinary", "red_flags", "triage")
    return tuple(texts.lookup(f"report.column.{column}") for column in columns)


def daily_rows(
    window: Iterable[tuple[dt.date, DaySummary | None]],
    goal_ml: int,
    texts: Texts | None = None,
) -> list[DailyRow]:
    """The daily table's rows, oldest first, one per date of the period."""
    texts = texts_or_english(texts)
    rows = []
    for date, day in window:
        if day is None:
            rows.append(DailyRow(day_label(date, texts), None, None))
            continue
        cells = (
            _water_cell(day, goal_ml),
            _spasm_cell(day, texts),
            plain_labels("spasm_locations", day.locations, texts) or DASH,
            plain_labels("urinary", day.urinary, texts) or DASH,
            plain_labels("red_flags", day.red_flags, texts) or DASH,
            triage_short(day.triage, texts) if day.triage else DASH,
        )
        rows.append(DailyRow(day_label(date, texts), cells, day.triage))
    return rows


def red_flag_rows(
    window: Iterable[tuple[dt.date, DaySummary | None]], texts: Texts
) -> list[tuple[str, str, TriageLevel | None]]:
    """(date, red flag, that day's triage level) for every red flag of the period, oldest first."""
    return [
        (day_label(date, texts), plain_label("red_flags", flag, texts), day.triage)
        for date, day in window
        if day is not None
        for flag in day.red_flags
    ]


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def assessment_rows(
    assessments: Iterable[AssessmentSummary],
    *,
    start: dt.date,
    end: dt.date,
    time_zone: str,
    texts: Texts,
) -> list[tuple[str, TriageLevel, str, str]]:
    """(local time, level, rule ids, reason) for the period's assessments, oldest first."""
    zone = _zone(time_zone)
    chosen = sorted((a for a in assessments if start <= a.local_date <= end), key=lambda a: a.at)
    return [
        (
            f"{day_label(a.local_date, texts)} {a.at.astimezone(zone):%H:%M}",
            a.triage,
            ", ".join(a.rule_ids) or texts.get("report.none_fired"),
            a.reason or DASH,
        )
        for a in chosen
    ]
